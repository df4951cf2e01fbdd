# Composes benchmarks/README.md: the native-path tables and their reading (everything before the first section marker),
# then one section per report file that exists, each behind its marker, so that every report script rewrites only its
# own part and keeps the others.
import os

SECTIONS = [('<!-- jgroups -->', 'benchmarks/JGROUPS.md'), ('<!-- amt -->', 'benchmarks/AMT.md'), ('<!-- overlay -->', 'benchmarks/OVERLAY.md'), ('<!-- alm-data -->', 'benchmarks/ALM-DATA.md'), ('<!-- alm -->', 'benchmarks/ALM.md'), ('<!-- gateway -->', 'benchmarks/GATEWAY.md'), ('<!-- startup -->', 'benchmarks/STARTUP.md'), ('<!-- plots -->', 'benchmarks/PLOTS.md')]


def head_of_existing():
    readme = open('benchmarks/README.md').read() if os.path.exists('benchmarks/README.md') else ''
    cut = min([readme.find(m) for m, _ in SECTIONS if m in readme] or [len(readme)])
    return readme[:cut].rstrip('\n') + '\n'


def write(head=None):
    text = (head if head is not None else head_of_existing()).rstrip('\n') + '\n'
    for marker, path in SECTIONS:
        if os.path.exists(path):
            text += '\n' + marker + '\n' + open(path).read()
    open('benchmarks/README.md', 'w').write(text)


def publish(report, text, analysis):
    """Writes a report file (its tables, then the hand-written reading in `analysis` if it exists), rewrites
    benchmarks/README.md and prints the report."""
    if os.path.exists(analysis):
        text += '\n' + open(analysis).read()
    open(report, 'w').write(text)
    write()
    print(text)
