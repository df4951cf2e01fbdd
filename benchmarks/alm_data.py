# The ALM data plane with real processes (run by benchmarks/alm-data.sh as root): seven overlay runtimes in seven network
# namespaces on one bridge (RELOAD over TLS, tree edges as AppAttach TLS links, source authentication on), at most two
# children per peer so that the tree below the source has depth two. Every scenario is one `ham:probe send` at the source
# and one `ham:probe receive` at each of the six members; the tree of each run is crawled from the source before it
# sends (`ham:tree`), so every member's figures carry its depth. The baseline, in the same run and the same namespaces,
# is a tree of plain Netty TLS relays of the same shape (TlsChainNode). Raw lines go to the file named by --raw.
#   alm_data.py --raw FILE [--quick]
import atexit, os, re, shutil, signal, subprocess, sys, tempfile, threading, time

HOSTS = 7
PREFIX = 'pcalmd'
SUBNET = '198.18.79.'
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
CLASSPATH = os.path.join(ROOT, 'benchmarks/target/classes') + ':' + open(os.path.join(ROOT, 'benchmarks/target/classpath.txt')).read().strip()
GROUP_PREFIX = 'ham:opaque:alm-data-'
STEP = 180
VERBOSE = os.environ.get('ALM_DATA_VERBOSE') == '1'


def log(text):
    print('alm-data: ' + text, file=sys.stderr, flush=True)


def sh(*cmd, check=True):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(' '.join(cmd) + ': ' + r.stdout)
    return r.stdout


def ns(i):
    return PREFIX + str(i)


BRIDGE_NS = PREFIX + 'b'


def bed_down():
    for n in [BRIDGE_NS] + [ns(i) for i in range(1, HOSTS + 1)]:
        sh('ip', 'netns', 'del', n, check=False)


def bed_up():
    bed_down()
    sh('ip', 'netns', 'add', BRIDGE_NS)
    sh('ip', '-n', BRIDGE_NS, 'link', 'add', 'br0', 'type', 'bridge')
    sh('ip', '-n', BRIDGE_NS, 'link', 'set', 'br0', 'up')
    for i in range(1, HOSTS + 1):
        sh('ip', 'netns', 'add', ns(i))
        sh('ip', '-n', ns(i), 'link', 'set', 'lo', 'up')
        sh('ip', '-n', BRIDGE_NS, 'link', 'add', 'p%d' % i, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns(i))
        sh('ip', '-n', BRIDGE_NS, 'link', 'set', 'p%d' % i, 'master', 'br0', 'up')
        sh('ip', '-n', ns(i), 'addr', 'add', SUBNET + '%d/24' % i, 'dev', 'eth0')
        sh('ip', '-n', ns(i), 'link', 'set', 'eth0', 'up')


class Proc:
    """A process in a namespace whose output lines are collected; commands go to its standard input."""

    def __init__(self, label, argv, env=None):
        self.label = label
        self.lines = []
        self.cond = threading.Condition()
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                                  start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            line = line.rstrip('\n')
            if line.startswith('g! '):
                line = line[3:]
            if VERBOSE:
                print('[%s] %s' % (self.label, line), file=sys.stderr, flush=True)
            with self.cond:
                self.lines.append(line)
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def mark(self):
        with self.cond:
            return len(self.lines)

    def send(self, command):
        self.p.stdin.write(command + '\n')
        self.p.stdin.flush()

    def wait_for(self, pattern, start=0, timeout=STEP):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for line in self.lines[start:]:
                    if re.search(pattern, line):
                        return line
                if time.time() > deadline or (self.p.poll() is not None):
                    raise RuntimeError('%s: no line /%s/ within %ds; last lines: %s' % (self.label, pattern, timeout, self.lines[-15:]))
                self.cond.wait(0.5)

    def ask(self, command, pattern, timeout=STEP):
        m = self.mark()
        self.send(command)
        return self.wait_for(pattern, m, timeout)

    def since(self, start):
        with self.cond:
            return list(self.lines[start:])

    def kill(self):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.p.wait(10)


PROCS = []


def stop_all():
    for p in PROCS:
        p.kill()
    PROCS.clear()


def runtime(i, home):
    conf = os.path.join(home, 'conf')
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, 'org.polycast.reload.cfg'), 'w') as f:
        f.write('overlay=alm-data.polycast\nupdateIntervalSeconds=5\nlistenAddress=%s%d\nport=6084\n' % (SUBNET, i))
        if i > 1:
            f.write('bootstrap=%s1:6084\n' % SUBNET)
    with open(os.path.join(conf, 'org.polycast.alm.cfg'), 'w') as f:
        f.write('maxChildren=2\n')
    p = Proc('h%d' % i, ['ip', 'netns', 'exec', ns(i), os.path.join(ROOT, 'polycast'), '--image', 'overlay', '--home', home])
    PROCS.append(p)
    return p


def chain_node(i, *args):
    p = Proc('c%d' % i, ['ip', 'netns', 'exec', ns(i), 'java', '-cp', CLASSPATH, 'org.polycast.benchmarks.TlsChainNode'] + list(args))
    PROCS.append(p)
    return p


def node_id(p):
    line = p.ask('ham:overlay', r'(^| )peer [0-9a-f]{32}')
    return re.search(r'peer ([0-9a-f]{32})', line).group(1)


def group_rooted_at(root, ring):
    """The first group name whose ALM group id (SHA-1 of the name, first 128 bits) falls to the root's Node-ID."""
    import hashlib
    ring = sorted(ring)
    for n in range(100000):
        name = GROUP_PREFIX + str(n)
        gid = hashlib.sha1(name.encode()).hexdigest()[:32]
        responsible = next((r for r in ring if r >= gid), ring[0])
        if responsible == root:
            return name
    raise RuntimeError('no group name falls to ' + root)


def crawl(source, group, members):
    """(Node-ID -> depth below the source, Node-ID -> its parent's), once every member is on the tree."""
    deadline = time.time() + 60
    depths, parents = {}, {}
    while time.time() < deadline:
        start = source.mark()
        source.ask("ham:tree '%s'; echo tree-done" % group, 'tree-done')
        depths, parents, path = {}, {}, []
        for line in source.since(start):
            m = re.fullmatch(r'( *)([0-9a-f]{32})', line)
            if m:
                depth = len(m.group(1)) // 2 - 1
                depths[m.group(2)] = depth
                path = path[:depth] + [m.group(2)]
                if depth > 0:
                    parents[m.group(2)] = path[depth - 1]
        if all(m in depths for m in members):
            return depths, parents
        time.sleep(1)
    return depths, parents


def counters(p):
    """The ALM Interface's counters (cumulative), from ham:alm."""
    start = p.mark()
    p.ask('ham:alm; echo alm-done', 'alm-done')
    for line in p.since(start):
        line = line.strip()
        if line.startswith('counters:'):
            return {k: int(v) for k, v in (kv.split('=', 1) for kv in line[len('counters:'):].split() if '=' in kv) if v.isdigit()}
    return {}


def parse(line):
    out = {}
    for kv in line.split('probe-result', 1)[1].split():
        if '=' in kv:
            k, v = kv.split('=', 1)
            out[k] = v
    return out


def emit(raw, kind, scenario, fields):
    line = 'alm-data kind=%s scenario=%s %s' % (kind, scenario, ' '.join('%s=%s' % kv for kv in fields.items()))
    print(line, flush=True)
    raw.write(line + '\n')
    raw.flush()


def alm_run(raw, source, members, ids, group, scenario, count, size, rate, idle_ms=8000, throttle=None, record=True):
    """One probe stream through the ALM tree; the members' results (with their depth) go to the raw file."""
    log('ALM %s: %d x %d B at %s msg/s' % (scenario, count, size, rate or 'full'))
    # (a command typed into a console while ham:probe runs would end the probe: the counters before, then the probes)
    before = {n: counters(p) for n, p in ([('h1', source)] + list(members.items()))}
    marks = {}
    for name, p in members.items():
        marks[name] = p.mark()
        p.ask('ham:probe receive %s --count %d --timeout %d' % (group, count, max(idle_ms, 60000)), 'probe-ready')
    depths, parents = crawl(source, group, [ids[n] for n in members])
    for name in members:
        if ids[name] not in depths:
            print('alm-data: %s (%s) not on the tree of %s before the run' % (name, ids[name], scenario), file=sys.stderr)
    if throttle:
        throttle(depths)
    m = source.mark()
    source.send('ham:probe send %s --count %d --size %d --rate %s' % (group, count, size, rate))
    sent = parse(source.wait_for('probe-result role=send', m, timeout=STEP + count // 500))
    results = {}
    for name, p in members.items():
        r = parse(p.wait_for('probe-result role=receive', marks[name], timeout=STEP + count // 500))
        r['depth'] = depths.get(ids[name], -1)
        r['member'] = name
        results[name] = r
    by_id = {v: k for k, v in ids.items()}
    shape = {}
    for child, parent in parents.items():
        if child in by_id and parent in by_id:
            shape.setdefault(int(by_id[parent][1:]), []).append(int(by_id[child][1:]))
    if record:
        emit(raw, 'alm', scenario, dict(role='send', size=size, paced=rate, **{k: v for k, v in sent.items() if k not in ('role', 'size')}))
        for r in results.values():
            emit(raw, 'alm', scenario, dict(role='receive', size=size, paced=rate, **{k: v for k, v in r.items() if k != 'role'}))
        time.sleep(1)
        for n, p in [('h1', source)] + list(members.items()):
            after = counters(p)
            delta = {k: v - before[n].get(k, 0) for k, v in after.items() if v != before[n].get(k, 0) and not k.startswith('reattach-ms')}
            emit(raw, 'alm-counters', scenario, dict(size=size, member=n, counters=','.join('%s=%d' % kv for kv in sorted(delta.items())) or '-'))
        emit(raw, 'tree', scenario, dict(size=size, shape=';'.join('h%d>%s' % (p, '+'.join('h%d' % c for c in cs)) for p, cs in sorted(shape.items()))))
    return sent, results, shape


def chain_run(raw, parents, scenario, count, size, rate):
    """The same stream through plain Netty TLS relays of the tree's shape: parents maps host -> its children's hosts."""
    log('TLS chain %s: %d x %d B at %s msg/s' % (scenario, count, size, rate or 'full'))
    procs = {}
    depth = {1: 0}
    changed = True
    while changed:  # depths from the parent relation
        changed = False
        for h, cs in parents.items():
            for c in cs:
                if h in depth and depth.get(c) != depth[h] + 1:
                    depth[c] = depth[h] + 1
                    changed = True
    children_of = lambda h: ['%s%d:7100' % (SUBNET, c) for c in parents.get(h, [])]
    for h in sorted((h for h in depth if h != 1), key=lambda h: -depth[h]):  # the deepest first, so every parent finds its children listening
        procs[h] = chain_node(h, 'member', '7100', *children_of(h), '--count', str(count), '--timeout', '8000')
        procs[h].wait_for('chain-ready', timeout=60)
    args = ['source', '0'] + children_of(1) + ['--count', str(count), '--size', str(size)] + (['--rate', str(rate)] if rate else [])
    src = chain_node(1, *args)
    sent = parse(src.wait_for('probe-result role=send', timeout=STEP + count // 500))
    emit(raw, 'tls-chain', scenario, dict(role='send', size=size, paced=rate, **{k: v for k, v in sent.items() if k not in ('role', 'size')}))
    for h, p in procs.items():
        r = parse(p.wait_for('probe-result role=receive', timeout=STEP + count // 500))
        emit(raw, 'tls-chain', scenario, dict(role='receive', size=size, paced=rate, member='h%d' % h, depth=depth[h],
                                              **{k: v for k, v in r.items() if k != 'role'}))
    for p in list(procs.values()) + [src]:
        p.kill()
        PROCS.remove(p)


def main():
    args = sys.argv[1:]
    raw_path = args[args.index('--raw') + 1]
    quick = '--quick' in args
    scale = 0.2 if quick else 1.0
    n = lambda c: max(2000, int(c * scale))
    if os.geteuid() != 0:
        sys.exit('alm_data.py: needs root for network namespaces')
    homes = tempfile.mkdtemp(prefix='polycast-alm-data-')
    atexit.register(lambda: (stop_all(), bed_down(), shutil.rmtree(homes, ignore_errors=True)))
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    bed_up()
    raw = open(raw_path, 'a')
    hosts = {}
    log('starting %d runtimes' % HOSTS)
    for i in range(1, HOSTS + 1):
        hosts['h%d' % i] = runtime(i, os.path.join(homes, 'h%d' % i))
        hosts['h%d' % i].ask('ham:overlay await %d 90000' % (0 if i == 1 else 1), 'overlay ready', timeout=120)
    source = hosts['h1']
    members = {k: v for k, v in hosts.items() if k != 'h1'}
    ids = {k: node_id(v) for k, v in hosts.items()}
    time.sleep(10)  # a few overlay updates, so that every peer's routing table is settled
    group = group_rooted_at(ids['h1'], ids.values())
    by_id = {v: k for k, v in ids.items()}

    only = args[args.index('--only') + 1].split(',') if '--only' in args else None
    want = lambda name: only is None or name in only
    # JIT warm-up: the AES-GCM and GHASH intrinsics are compiled after some seconds of traffic
    _, _, shape = alm_run(raw, source, members, ids, group, 'warm-up', n(200000), 1024, 0, record=False)
    best = {}
    for size, count in ((64, n(600000)), (1024, n(500000)), (8192, n(100000))):
        if want('max') or want('max%d' % size) or size == 1024:
            _, res, tree = alm_run(raw, source, members, ids, group, 'max', count, size, 0)
            best[size] = min(float(r['rate']) for r in res.values())
            if size == 1024:
                shape = tree
    # the baseline has the shape of the ALM tree of the 1 KiB run
    if want('chain'):
        chain_run(raw, shape, 'warm-up-chain', n(200000), 1024, 0)
        for size, count in ((64, n(600000)), (1024, n(500000)), (8192, n(100000))):
            chain_run(raw, shape, 'max', count, size, 0)
    if want('paced'):
        paced = int(best[1024] * 0.8)
        alm_run(raw, source, members, ids, group, 'paced-80', n(int(paced * 20)), 1024, paced)
    if want('latency'):
        alm_run(raw, source, members, ids, group, 'latency-1000', n(20000), 1024, 1000)
        chain_run(raw, shape, 'latency-1000', n(20000), 1024, 1000)

    # one leaf throttled to a tenth of what every member took unpaced (tc tbf on its bridge port)
    throttled = {}

    def throttle(depths):
        deepest = max(depths.values())
        leaf = sorted(by_id[i] for i, d in depths.items() if d == deepest and i in by_id)[0]
        mbit = max(1, int(best[1024] * 1024 * 8 / 1e6 / 10))
        sh('ip', 'netns', 'exec', BRIDGE_NS, 'tc', 'qdisc', 'add', 'dev', 'p' + leaf[1:], 'root', 'tbf', 'rate', '%dmbit' % mbit, 'burst', '64kb',
           'latency', '100ms')
        throttled['leaf'] = leaf
        throttled['mbit'] = mbit
        print('alm-data: %s throttled to %d Mbit/s' % (leaf, mbit), file=sys.stderr)

    if want('throttled'):
        alm_run(raw, source, members, ids, group, 'throttled', n(300000), 1024, 0, throttle=throttle)
        emit(raw, 'note', 'throttled', dict(leaf=throttled.get('leaf'), mbit=throttled.get('mbit')))
        if throttled:
            sh('ip', 'netns', 'exec', BRIDGE_NS, 'tc', 'qdisc', 'del', 'dev', 'p' + throttled['leaf'][1:], 'root', check=False)


if __name__ == '__main__':
    main()
