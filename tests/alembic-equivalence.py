"""Compares `alembic upgrade PREV:REV --sql` with `migc sql PREV:REV
--dialect postgresql`, revision by revision, for every revision whose
`upgrade()` (or `downgrade()` with --down) migc understands fully.

Not run by CI: it needs Alembic and a copy of a project's revisions.

    python3 tests/alembic-equivalence.py PROJECT VERSIONS [--named] [--down]

PROJECT holds the migc.toml (`dialect = "postgresql"`, `[alembic.types]`
for project column types) whose `migrations` is VERSIONS. Set ALEMBIC to
the `alembic` of a virtualenv with alembic and SQLAlchemy, MIGC to the
migc binary, and STUBS to a folder holding the `env.py` (an offline
`context.configure(url=…, literal_binds=True)`, `dialect_opts=
{"paramstyle": "named"}` when the project's own env.py says so and
--named is given) plus stub modules for whatever the revision files
import from their project. Statements are compared after collapsing
whitespace and case outside string literals; a second comparison also
accepts the spellings known to mean the same on PostgreSQL (`RENAME
COLUMN`, `<>`, no empty `BEGIN; COMMIT;` between autocommit blocks).
Results go to PROJECT/_report.txt.
"""
import ast, collections, difflib, json, os, re, shutil, subprocess, sys

MIGC = os.path.abspath(os.environ.get("MIGC", "target/debug/migc"))
ALEMBIC = os.environ.get("ALEMBIC", "alembic")
proj, versions = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
named = "--named" in sys.argv
down_mode = "--down" in sys.argv
fn_name = "downgrade" if down_mode else "upgrade"
stubs = os.path.abspath(os.environ.get("STUBS", "stubs"))
al = os.path.join(proj, "_al")
cache = os.path.join(al, "cache-down" if "--down" in sys.argv else "cache")
os.makedirs(cache, exist_ok=True)
for f in ("env.py", "script.py.mako"):
    shutil.copy(os.path.join(stubs, f), al)
with open(os.path.join(al, "alembic.ini"), "w") as fh:
    fh.write(f"[alembic]\nscript_location = {al}\nversion_locations = {versions}\n"
             f"sqlalchemy.url = postgresql://\nprepend_sys_path = {stubs}\n")

def header(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    out = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            tgt = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(tgt, ast.Name) and tgt.id in ("revision", "down_revision") and node.value is not None:
                try:
                    out[tgt.id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
        if isinstance(node, ast.FunctionDef) and node.name == fn_name:
            out["up"] = (node.lineno, node.end_lineno)
    return out

def fold(s):
    # Case-fold outside single-quoted literals, which stay verbatim.
    parts = re.split(r"('(?:[^']|'')*')", s)
    return "".join(p if p.startswith("'") else p.lower() for p in parts)

def stmts(s, rewrite=False):
    out = []
    for block in re.split(r";[ \t]*(?:\n|$)", s):
        rest = []
        for line in block.split("\n"):
            if line.startswith("-- "):
                out.append(line.strip())
            else:
                rest.append(line)
        x = " ".join(" ".join(rest).split()).rstrip(";").strip()
        if x:
            out.append(fold(x))
    if rewrite:
        out = [re.sub(r" rename column (\S+) to ", r" rename \1 to ", x) for x in out]
        out = [x.replace("!=", "<>") for x in out]
        out = [re.sub(r"\s*([(),])\s*", r"\1", x) for x in out]
        res = []
        i = 0
        while i < len(out):
            # Alembic opens and closes an empty transaction between two
            # autocommit blocks; migc runs them as one.
            if out[i] == "begin" and i + 1 < len(out) and out[i + 1] == "commit" and res and i + 2 < len(out):
                i += 2
                continue
            res.append(out[i])
            i += 1
        out = res
    return out

chk = subprocess.run([MIGC, "--config", proj, "check", "--format", "json"], capture_output=True, text=True)
diags = json.loads(chk.stdout)["diagnostics"]
opaque = collections.defaultdict(list)
for d in diags:
    if d["code"] == "not-understood":
        opaque[os.path.basename(d["file"])].append(d["start"]["line"])

env = dict(os.environ, EQUIV_PROJECT=proj)
if named:
    env["EQUIV_NAMED"] = "1"
results = []
for name in sorted(os.listdir(versions)):
    if not name.endswith(".py"):
        continue
    h = header(os.path.join(versions, name))
    if "revision" not in h or "up" not in h:
        continue
    rev, down = h["revision"], h.get("down_revision")
    if isinstance(down, (tuple, list)):
        results.append((rev, name, "merge", None))
        continue
    lo, hi = h["up"]
    if any(lo <= l <= hi for l in opaque[name]):
        results.append((rev, name, "opaque", None))
        continue
    rng = f"{down}:{rev}" if down else rev
    mrng = f"{down}:{rev}" if down else f"base:{rev}"
    if down_mode:
        rng = mrng = f"{rev}:{down or 'base'}"
    cached = os.path.join(cache, rev + ".json")
    if os.path.exists(cached):
        trc, tout, terr = json.load(open(cached))
    else:
        t = subprocess.run([ALEMBIC, "-c", os.path.join(al, "alembic.ini"), fn_name, rng, "--sql"],
                           capture_output=True, text=True, env=env, cwd=al)
        trc, tout, terr = t.returncode, t.stdout, t.stderr
        json.dump([trc, tout, terr], open(cached, "w"))
    o = subprocess.run([MIGC, "--config", proj, "sql", mrng, "--dialect", "postgresql"] + (["--down"] if down_mode else []),
                       capture_output=True, text=True)
    if trc != 0 or o.returncode != 0:
        results.append((rev, name, "rc", (o.returncode, trc, o.stderr[-800:], tout[-300:] + terr[-800:])))
        continue
    a, b = stmts(o.stdout), stmts(tout)
    if a == b:
        results.append((rev, name, "same", None))
    elif stmts(o.stdout, True) == stmts(tout, True):
        results.append((rev, name, "spelling", (a, b)))
    else:
        results.append((rev, name, "diff", (stmts(o.stdout, True), stmts(tout, True))))

c = collections.Counter(r[2] for r in results)
print(dict(c))
out = os.path.join(proj, "_report_down.txt" if down_mode else "_report.txt")
with open(out, "w") as fh:
    for rev, name, kind, data in results:
        if kind in ("diff", "spelling"):
            a, b = data
            fh.write(f"=== {kind} {name}\n")
            for line in difflib.unified_diff(b, a, "alembic", "migc", lineterm="", n=0):
                if not line.startswith(("---", "+++")):
                    fh.write(line + "\n")
        elif kind == "rc":
            fh.write(f"=== rc {name} migc={data[0]} alembic={data[1]}\n{data[2]}\n{data[3]}\n")
print("report:", out)
