# Writes benchmarks/ALM.md and the ALM section of benchmarks/README.md from a raw results file of alm.sh.
import os, platform, re, subprocess, sys, time
raw = sys.argv[1]
lines = open(raw).read().splitlines()
def fields(l): return dict(kv.split('=', 1) for kv in l.split(' latency:')[0].split()[1:] if '=' in kv)
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
java = subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]
out = ['## Application-layer multicast (RFC 7019, SCRIBE-SAM)\n',
       'Regenerate with `benchmarks/alm.sh [PEERS...]` (no root needed: nothing leaves the JVM). Raw lines in `%s`. Machine: %s, %d cores, %s, %s; %s.\n'
       % (raw, cpu, os.cpu_count(), platform.platform(), java, time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())),
       'The real RELOAD and ALM code over the overlay simulation (in-memory links with a random per-hop latency, virtual time; see the overlay '
       'section). Peers join one by one, the ring settles for one update interval, then members join a group and the tree settles for 30 s. A '
       'source off the tree sends 20 messages, 1 s apart: the latency is from its send to each member\'s delivery (source → root through the '
       'overlay, then down the tree), averaged per member and grouped by the member\'s depth. The delay penalty (RDP) is that latency over the '
       'overlay\'s own one-way latency from the source to the same member (half a NodeQuery round trip; first 50 members). The simulation is '
       'seeded: one run is the figure.\n',
       '### Tree shapes, against the Scribe figures in `../shared/research/reload.md` (N = 4,096, built from the union of member→root routes)\n',
       '| peers | members | mean depth | max depth | tree nodes | forwarders (not members) | max fan-out | root fan-out | delivered | RDP median / p90 |',
       '|---|---|---|---|---|---|---|---|---|---|']
for l in lines:
    if l.startswith('alm-shape '):
        f = fields(l)
        out.append('| {:,} | {:,} | {} | {} | {:,} | {:,} | {} | {} | {} | {} / {} |'.format(int(f['peers']), int(f['members']), f['meanDepth'], f['maxDepth'],
                   int(f['treeNodes']), int(f['nonMemberForwarders']), f['maxFanout'], f['rootFanout'], f['delivered'], f['rdpMedian'], f['rdpP90']))
out += ['', 'Reference (reload.md, a static Scribe over CHORD-RELOAD at N = 4,096): 10 members: depth 4.4 (max 7), 33 nodes, 23 forwarders, '
        'max fan-out 4; 100 members: 4.6 (7), 279, 179, 23; 1,000 members: 5.2 (10), 1,550, 550, 23. Scribe (JSAC 2002, recalled): RDP median '
        'about 1.7-2.2 against IP multicast.\n',
        '### Latency per tree depth (ms of virtual time, members at that depth)\n', '| peers | members | latency by depth |', '|---|---|---|']
for l in lines:
    if l.startswith('alm-shape '):
        f = fields(l)
        per = re.findall(r'depth(\d+)=(\d+)ms/(\d+)', l.split(' latency:')[1])
        out.append('| {:,} | {:,} | {} |'.format(int(f['peers']), int(f['members']), ', '.join('depth %s: %s ms (%s)' % d for d in per)))
out += ['', '### Churn: peers fail and are replaced while groups carry data\n',
        'Five groups of 50 members, each fed by its own source (a peer that never fails) every 200 ms for 120 s; every 5 s, 1 % of the peers '
        'fail at once (no Leave: links just drop) and as many new peers join the overlay, half of them joining a group. A member is expected to '
        'get a message if it had joined 10 s before the message was sent and lived 10 s after. Re-form time: from the moment a member last '
        'heard from its lost parent to its JoinConfirm with the new one (the replay then sends it what it missed).\n',
        '| peers | failed and replaced | deliveries expected | delivered | ratio | duplicates | re-joins | re-form mean / max | messages replayed |',
        '|---|---|---|---|---|---|---|---|---|']
for l in lines:
    if l.startswith('alm-churn '):
        f = fields(l)
        out.append('| {:,} | {} | {:,} | {:,} | **{:.3%}** | {} | {} | {} ms / {} ms | {} |'.format(int(f['peers']), f['failedAndReplaced'], int(f['expected']),
                   int(f['delivered']), float(f['ratio']), f['duplicates'], f['reattaches'], f['reattachMeanMs'], f['reattachMaxMs'], f['replayedMessages']))
out.append('')
text = '\n'.join(out) + '\n'
sys.path.insert(0, 'benchmarks')
import readme_sections
readme_sections.publish('benchmarks/ALM.md', text, 'benchmarks/ALM-ANALYSIS.md')
