# Draws the PNG plots next to the tables of benchmarks/README.md from the newest raw results of run.sh, jgroups.sh and
# alm.sh. Needs matplotlib (Debian: apt install python3-matplotlib; run with the system interpreter, /usr/bin/python3).
#   /usr/bin/python3 benchmarks/plots.py
import glob, os, re, statistics
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt

OUT = 'benchmarks/plots'


def newest(pattern):
    files = sorted(f for f in glob.glob('benchmarks/results/' + pattern) if re.search(r'\d{8}T\d{6}Z\.txt$', f))
    return files[-1] if files else None


def results(path):
    rows = []
    for line in open(path):
        if line.startswith('RESULT '):
            rows.append(dict(kv.split('=', 1) for kv in line.split()[1:] if '=' in kv))
    return rows


WROTE = []


def throughput_bars(path, title, out, group_key):
    rows = [r for r in results(path) if r['mode'] == 'throughput' and r['role'] in ('recv', 'local')]
    groups = sorted({r.get(group_key, '') for r in rows})
    impls = sorted({r['impl'] for r in rows})
    payloads = sorted({int(r['payload']) for r in rows})
    fig, axes = plt.subplots(1, len(groups), figsize=(5.5 * len(groups), 4), squeeze=False)
    for ax, g in zip(axes[0], groups):
        width = 0.8 / len(impls)
        for i, impl in enumerate(impls):
            med, lo, hi = [], [], []
            for p in payloads:
                v = [float(r['msgs_per_s']) for r in rows if r['impl'] == impl and int(r['payload']) == p and r.get(group_key, '') == g]
                med.append(statistics.median(v) if v else 0)
                lo.append(med[-1] - (min(v) if v else 0))
                hi.append((max(v) if v else 0) - med[-1])
            ax.bar([x + i * width for x in range(len(payloads))], med, width, yerr=[lo, hi], capsize=3, label=impl)
        ax.set_xticks([x + width * (len(impls) - 1) / 2 for x in range(len(payloads))], ['%d B' % p for p in payloads])
        ax.set_ylabel('messages/s (median, min-max)')
        ax.set_title(title + ((' (%s)' % g) if g else ''))
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, out), dpi=90)
    plt.close(fig)
    print('wrote', os.path.join(OUT, out))
    WROTE.append((out, title, path))


def alm_plots(path):
    shapes, churn = [], []
    for line in open(path):
        if line.startswith('alm-shape '):
            f = dict(kv.split('=', 1) for kv in line.split(' latency:')[0].split()[1:] if '=' in kv)
            f['latency'] = [(int(d), int(ms)) for d, ms, _ in re.findall(r'depth(\d+)=(\d+)ms/(\d+)', line.split(' latency:')[1])]
            shapes.append(f)
    fig, ax = plt.subplots(figsize=(6, 4))
    for f in shapes:
        if f['latency']:
            ax.plot([d for d, _ in f['latency']], [ms for _, ms in f['latency']], marker='o', label='%s peers, %s members' % (f['peers'], f['members']))
    ax.set_xlabel('member depth in the tree')
    ax.set_ylabel('delivery latency, ms of virtual time')
    ax.set_title('ALM (SCRIBE-SAM) latency per tree depth')
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(OUT, 'alm-latency-per-depth.png'), dpi=90)
    plt.close(fig)
    print('wrote', os.path.join(OUT, 'alm-latency-per-depth.png'))
    WROTE.append(('alm-latency-per-depth.png', 'ALM latency per tree depth', path))


os.makedirs(OUT, exist_ok=True)
native = newest('raw-*')
if native:
    throughput_bars(native, 'Native path: Polycast vs raw Netty', 'native-throughput.png', 'where')
jgroups = newest('jgroups-*')
if jgroups:
    throughput_bars(jgroups, 'Two namespaces: Netty / Polycast / JGroups', 'jgroups-throughput.png', 'none')
alm = newest('alm-*')
if alm:
    alm_plots(alm)

text = ['## Plots\n', 'Drawn by `/usr/bin/python3 benchmarks/plots.py` (matplotlib) from the newest raw results of each script.\n']
for png, title, source in WROTE:
    text.append('**%s** (from `%s`)\n\n![%s](plots/%s)\n' % (title, source, title, png))
open('benchmarks/PLOTS.md', 'w').write('\n'.join(text))
import sys
sys.path.insert(0, 'benchmarks')
import readme_sections
readme_sections.write()
