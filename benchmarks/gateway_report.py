# Writes benchmarks/GATEWAY.md and the gateway section of benchmarks/README.md from a raw results file of gateway.sh.
import os, platform, statistics, subprocess, sys, time
raw = sys.argv[1]
rows = [dict(kv.split('=', 1) for kv in l.split()[1:]) for l in open(raw) if l.startswith('RESULT ')]
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]
def med(v): return (statistics.median(v), min(v), max(v))
out = ['## Gateway forwarding rate\n',
       'Regenerate with `benchmarks/gateway.sh [ROUNDS]` (root). Raw lines in `%s`. Machine: %s, %d cores, %s, %s; %s.\n'
       % (raw, cpu, os.cpu_count(), platform.platform(), java, time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())),
       'One JVM in a namespace with only `lo`: the core, the loopback and IPv4 technologies and `polycast.gateway` in an embedded Felix. '
       'A route (static, A to B, no election) carries `ham:opaque:gw-in` from the loopback technology to `ham:ip:239.7.7.7:5070` on lo; a '
       'receiver socket on the IPv4 Interface counts arrivals. Baseline in the same run: the same sender sends to the IPv4 group itself. '
       'Unthrottled sender, 1 s warm-up, 5 s measured; median over rounds [min–max].\n',
       '| payload | direct to IPv4, msgs/s | through the gateway, msgs/s | ratio |', '|---|---|---|---|']
for p in sorted({int(r['payload']) for r in rows}):
    d = med([float(r['msgs_per_s']) for r in rows if r['path'] == 'direct' and int(r['payload']) == p])
    g = med([float(r['msgs_per_s']) for r in rows if r['path'] == 'gateway' and int(r['payload']) == p])
    out.append('| %d B | %s [%s–%s] | %s [%s–%s] | **%.0f %%** |' % (p, *['{:,.0f}'.format(x) for x in d], *['{:,.0f}'.format(x) for x in g], 100 * g[0] / d[0]))
out.append('')
text = '\n'.join(out) + '\n'
sys.path.insert(0, 'benchmarks')
import readme_sections
readme_sections.publish('benchmarks/GATEWAY.md', text, 'benchmarks/GATEWAY-ANALYSIS.md')
