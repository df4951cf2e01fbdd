# Writes benchmarks/AMT.md and the AMT section of benchmarks/README.md from a raw results file of amt.sh.
import statistics, sys, os, re
raw = sys.argv[1]
rows = [dict(kv.split('=', 1) for kv in l.split()[1:]) for l in open(raw) if l.startswith('RESULT')]
def med(v): return (statistics.median(v), min(v), max(v)) if v else None
def fmt(c, d=1): return 'n/a' if not c else ('{:,.%df} [{:,.%df}–{:,.%df}]' % (d, d, d)).format(*c)
out = ['## AMT: relay → gateway goodput and loss\n',
       'Regenerate with `benchmarks/amt.sh [ROUNDS]` (root). Three namespaces: a plain NIO source sends 1200-byte datagrams with '
       'sequence numbers to (198.18.1.1, 232.1.1.1):5000 at a paced rate, 2 s of uncounted warm-up and then %d s measured; the relay (a Polycast runtime with the AMT relay '
       'joining upstream through the IPv4 technology) tunnels them; N gateways (one Polycast runtime, N `amt` Interfaces, a socket '
       'each with a direct listener) count the distinct sequence numbers. Goodput counts UDP payload bytes delivered to the '
       'gateways\' sockets. Median over rounds [min–max]; raw lines in `%s`. Baseline: the C reference (amtrelayd → amtgwd) '
       'reached about 23 Mbit/s on this kind of machine (research/amt.md §6.5); the goal is ten times that with loss under 0.1 %%.\n'
       % (5, raw),
       '| gateways | offered per gateway | delivered per gateway Mbit/s | aggregate out of the relay Mbit/s | loss % (mean over gateways) | loss % in the 2 s warm-up | vs C reference (23 Mbit/s) |',
       '|---|---|---|---|---|---|---|']
for n, rate in ((1, 10000), (1, 25000), (1, 40000), (1, 60000), (10, 2500), (10, 5000), (100, 250), (100, 500)):
    sel = [r for r in rows if r['gateways'] == str(n) and r['rate'] == str(rate)]
    per = [int(r['received_total']) / n * 1200 * 8 / float(r['seconds']) / 1e6 for r in sel]
    agg = [int(r['received_total']) * 1200 * 8 / float(r['seconds']) / 1e6 for r in sel]
    loss = [100 * (1 - int(r['received_total']) / (n * int(r['sent']))) for r in sel]
    warm = [100 * (1 - int(r['foreign']) / (n * rate * 2)) for r in sel if 'foreign' in r]
    m = med(agg)
    out.append('| %d | %s datagrams/s (%.0f Mbit/s) | %s | %s | %s | %s | %s |' % (n, '{:,}'.format(rate), rate * 1200 * 8 / 1e6, fmt(med(per)), fmt(m),
               fmt(med(loss), 3), fmt(med(warm), 2), ('%.1f×' % (m[0] / 23)) if m else 'n/a'))
out.append('')
text = '\n'.join(out) + '\n'
sys.path.insert(0, 'benchmarks')
import readme_sections
readme_sections.publish('benchmarks/AMT.md', text, 'benchmarks/AMT-ANALYSIS.md')
