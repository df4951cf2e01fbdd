# Writes benchmarks/OVERLAY.md and the overlay section of benchmarks/README.md from a raw results file of overlay.sh.
import os, platform, re, statistics, subprocess, sys, time
raw = sys.argv[1]
lines = open(raw).read().splitlines()
def med(v): return (statistics.median(v), min(v), max(v)) if v else None
def fmt(c, d=0): return 'n/a' if not c else ('{:,.%df} [{:,.%df}–{:,.%df}]' % (d, d, d)).format(*c)
tls = {}
ceilings = {}  # operation -> [(signs/op, checks/op, ceiling ops/s)] per round
costs = []  # (sign µs, verify µs, cores) per round
for l in lines:
    m = re.match(r'round=\d+ overlay-tls signature cost: sign_us=(\S+) verify_us=(\S+) cores=(\d+)', l)
    if m:
        costs.append(tuple(float(x) for x in m.groups()))
        continue
    m = re.match(r'round=\d+ overlay-tls (.*): ops/s=(\S+) p50us=(\S+) p99us=(\S+)', l)
    if m:
        tls.setdefault(m.group(1), []).append(tuple(float(x) for x in m.group(2, 3, 4)))
        c = re.search(r'signs_per_op=(\S+) checks_per_op=(\S+) ceiling_ops=(\S+)', l)
        if c:
            ceilings.setdefault(m.group(1), []).append(tuple(float(x) for x in c.groups()))
scale = [dict(kv.split('=', 1) for kv in re.sub(r'\S+: ', '', l).split()[1:] if '=' in kv) | {'raw': l} for l in lines if l.startswith('scale ')]
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]
out = ['## RELOAD overlay (RFC 6940)\n',
       'Regenerate with `benchmarks/overlay.sh [ROUNDS]` (root). Raw lines in `%s`. Machine: %s, %d cores, %s, %s; %s.\n'
       % (raw, cpu, os.cpu_count(), platform.platform(), java, time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())),
       '### Store and Fetch through five TLS peers on one host\n',
       'Five `OverlayPeer`s (the bundle\'s component, outside a framework) on 127.0.0.1 inside a namespace with only `lo`, TLS 1.2 links, '
       'RSA-2048 self-signed certificates, every message and every stored value signed (RSASSA-PKCS1-v1_5 / SHA-256) and verified. A Store goes '
       'from peer 1 to the peer responsible for its user name, which answers and then replicates it to its two successors; Fetches come from the '
       'other four peers in turn. Values are 1 KiB; a Fetch answer with signature and certificate is about 2.4 KB on the wire. Baseline in the same '
       'process: raw Netty TLS 1.2 echo of 2,400 bytes over one connection (no routing, no signatures). 2 s warm-up, then 5 s measured; median over '
       'rounds [min–max].\n',
       'The ceiling is what the signature work each operation needed allows: the peers count every signature they make and check '
       '(all five together, per operation), and RSA-2048 signatures and checks are timed on every core at once in the same process before the peers start '
       '(%s µs of one core to sign, %s µs to check, %d cores); ceiling = cores / (signatures × sign + checks × check), as if every core did nothing '
       'but sign and check. One operation at a time cannot use both cores, so the sequential rows sit under it by construction.\n'
       % (fmt(med([c[0] for c in costs])), fmt(med([c[1] for c in costs])), int(costs[0][2]) if costs else 0),
       '| operation | operations/s | p50 µs | p99 µs | signatures / checks per operation | ceiling ops/s | of the ceiling | vs raw TLS echo (ops/s) |',
       '|---|---|---|---|---|---|---|---|']
base = {'sequential': tls.get('baseline raw Netty TLS echo sequential'), 'outstanding': tls.get('baseline raw Netty TLS echo 32 outstanding')}
for name, vals in tls.items():
    ops = med([v[0] for v in vals]); p50 = med([v[1] for v in vals]); p99 = med([v[2] for v in vals])
    b = base['outstanding' if 'outstanding' in name else 'sequential']
    ratio = '' if name.startswith('baseline') or not b else '%.2f %%' % (100 * ops[0] / statistics.median([v[0] for v in b]))
    work = ceilings.get(name)
    if work:
        ceiling = med([w[2] for w in work])
        per_op = '%.1f / %.1f' % (statistics.median([w[0] for w in work]), statistics.median([w[1] for w in work]))
        of_ceiling = '**%.0f %%**' % (100 * statistics.median([v[0] / w[2] for v, w in zip(vals, work)]))
    else:
        ceiling, per_op, of_ceiling = None, '', ''
    out.append('| %s | %s | %s | %s | %s | %s | %s | %s |' % (name, fmt(ops), fmt(p50), fmt(p99), per_op, fmt(ceiling) if ceiling else '',
               of_ceiling, ratio))
out += ['', '### The simulation: 100 to 10,000 peers in one JVM\n',
        'The real message layer, CHORD-RELOAD and storage code over in-memory links on a virtual clock (every hop encodes, signs, decodes and '
        'verifies the RELOAD message; signatures are HMACs so that 10,000 RSA keys need not be made). Peers join one by one through a random '
        'earlier peer; after one update interval (fingers refreshed on the whole ring) 2,000 Pings to random Resource-IDs measure the route '
        'length (links crossed by the request) and check that the live peer responsible for the id answered. Then 10 % of the peers fail at '
        'once; lookups 60 s later and after one more update interval. Heap: used heap after GC, divided by the peers (`-Xmx2g`).\n',
        '| peers | join all (s) | heap per peer | heap total | mean route length (goal ≤ ½·log2 N) | max | failed / wrong responder | 10 % failed: +60 s failed / wrong, mean | +700 s failed / wrong, mean |',
        '|---|---|---|---|---|---|---|---|---|']
for s in scale:
    r = s['raw']
    after60 = re.search(r'after10pctFailed60s: failed=(\d+) wrong=(\d+) meanHops=(\S+)', r).groups()
    after700 = re.search(r'after700s: failed=(\d+) wrong=(\d+) meanHops=(\S+)', r).groups()
    out.append('| {:,} | {} | {:,} B | {} MiB | **{}** (≤ {}) | {} | {} / {} | {} / {}, {} | {} / {}, {} |'.format(int(s['peers']), s['joinSeconds'],
               int(s['heapPerPeerBytes']), s['heapTotalMiB'], s['meanHops'], s['bound'], s['maxHops'], s['failed'], s['wrong'], *after60, *after700))
out.append('')
text = '\n'.join(out) + '\n'
sys.path.insert(0, 'benchmarks')
import readme_sections
readme_sections.publish('benchmarks/OVERLAY.md', text, 'benchmarks/OVERLAY-ANALYSIS.md')
