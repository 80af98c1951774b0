"""Builds the sdist and the wheel of a generated Python SDK with the standard library alone.

    python3 plugin/release/python_dist.py SDK_DIR OUT_DIR

SDK_DIR is the generator's python folder (setup.py and the package beside it). The metadata is read from the literal
arguments of the setup() call in setup.py (parsed, never executed), so nothing is downloaded and neither setuptools
nor wheel is needed; the package data setup.py declares (py.typed, pulumi-plugin.json) must be there. Prints
the two file names. Timestamps come from SOURCE_DATE_EPOCH (default 2000-01-01), so the
same SDK gives the same bytes.
"""
import ast
import base64
import fnmatch
import gzip
import hashlib
import io
import os
import sys
import tarfile
import time
import zipfile

EPOCH = int(os.environ.get("SOURCE_DATE_EPOCH", "946684800"))


def fail(message):
    print(f"python_dist: {message}", file=sys.stderr)
    sys.exit(1)


def setup_arguments(setup_py):
    """The keyword arguments of setup(...) that are literals, with names bound at module level resolved."""
    tree = ast.parse(open(setup_py, encoding="utf-8").read(), setup_py)
    names = {}
    call = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                names[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Name) and func.id == "setup":
                call = node.value
    if call is None:
        fail(f"{setup_py} has no setup(...) call")
    args = {}
    for kw in call.keywords:
        if isinstance(kw.value, ast.Name) and kw.value.id in names:
            args[kw.arg] = names[kw.value.id]
            continue
        try:
            args[kw.arg] = ast.literal_eval(kw.value)
        except ValueError:
            pass  # computed (readme(), find_packages()): handled below
    for required in ("name", "version"):
        if not isinstance(args.get(required), str):
            fail(f"{setup_py}: setup() has no literal {required}")
    return args


def metadata(args, readme):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {args['name']}",
        f"Version: {args['version']}",
    ]
    if args.get("description"):
        lines.append(f"Summary: {args['description']}")
    if args.get("keywords"):
        lines.append(f"Keywords: {args['keywords']}")
    if args.get("license"):
        lines.append(f"License: {args['license']}")
    if args.get("python_requires"):
        lines.append(f"Requires-Python: {args['python_requires']}")
    for requirement in args.get("install_requires", []):
        lines.append(f"Requires-Dist: {requirement}")
    lines.append(f"Description-Content-Type: {args.get('long_description_content_type', 'text/markdown')}")
    return "\n".join(lines) + "\n\n" + readme


def package_files(sdk_dir, package):
    """Every file of the package, sorted, without byte-code caches."""
    found = []
    for folder, dirs, files in os.walk(os.path.join(sdk_dir, package)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith((".pyc", ".pyo")):
                found.append(os.path.relpath(os.path.join(folder, name), sdk_dir).replace(os.sep, "/"))
    return found


def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(sdk_dir, out_dir, dist, version, files, meta):
    info = f"{dist}-{version}.dist-info"
    entries = [(f, open(os.path.join(sdk_dir, f), "rb").read()) for f in files]
    entries.append((f"{info}/METADATA", meta.encode()))
    generator = "pulumi-jsms python_dist.py"
    wheel = f"Wheel-Version: 1.0\nGenerator: {generator}\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries.append((f"{info}/WHEEL", wheel.encode()))
    top_level = sorted({f.split("/")[0] for f in files})
    entries.append((f"{info}/top_level.txt", ("\n".join(top_level) + "\n").encode()))
    record = "".join(f"{name},{record_hash(data)},{len(data)}\n" for name, data in entries) + f"{info}/RECORD,,\n"
    entries.append((f"{info}/RECORD", record.encode()))
    name = f"{dist}-{version}-py3-none-any.whl"
    stamp = time.gmtime(max(EPOCH, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(os.path.join(out_dir, name), "w", zipfile.ZIP_DEFLATED) as whl:
        for entry, data in entries:
            zi = zipfile.ZipInfo(entry, date_time=stamp)
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(zi, data)
    return name


def build_sdist(sdk_dir, out_dir, dist, version, files, meta):
    base = f"{dist}-{version}"
    entries = [(f, open(os.path.join(sdk_dir, f), "rb").read()) for f in ["setup.py", *files]]
    if os.path.exists(os.path.join(sdk_dir, "README.md")):
        entries.append(("README.md", open(os.path.join(sdk_dir, "README.md"), "rb").read()))
    entries.append(("PKG-INFO", meta.encode()))
    entries.append(("setup.cfg", b"[egg_info]\ntag_build = \ntag_date = 0\n\n"))
    name = f"{base}.tar.gz"
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for entry, data in sorted(entries):
            ti = tarfile.TarInfo(f"{base}/{entry}")
            ti.size, ti.mtime, ti.mode = len(data), EPOCH, 0o644
            ti.uname = ti.gname = "root"
            tar.addfile(ti, io.BytesIO(data))
    with open(os.path.join(out_dir, name), "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=EPOCH) as gz:
            gz.write(raw.getvalue())
    return name


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 0 if len(argv) == 2 and argv[1] in ("-h", "--help") else 2
    sdk_dir, out_dir = argv[1], argv[2]
    setup_py = os.path.join(sdk_dir, "setup.py")
    if not os.path.isfile(setup_py):
        fail(f"{setup_py} is missing")
    args = setup_arguments(setup_py)
    dist = args["name"].replace("-", "_")
    package_dirs = sorted(d for d in os.listdir(sdk_dir) if os.path.isfile(os.path.join(sdk_dir, d, "__init__.py")))
    if not package_dirs:
        fail(f"no package (folder with __init__.py) in {sdk_dir}")
    files = [f for d in package_dirs for f in package_files(sdk_dir, d)]
    # What setup.py declares as package data must ship, py.typed above all: it tells type checkers that the
    # package's annotations are meant to be read (PEP 561), without it mypy and pyright ignore them.
    for package, names in (args.get("package_data") or {}).items():
        for name in names:
            if not any(fnmatch.fnmatch(f, f"{package}/{name}") for f in files):
                fail(f"setup.py declares {package}/{name} as package data, but {sdk_dir} has no such file")
    # The generator puts the README inside the package; a top-level one (setup.py's long_description) wins.
    readmes = [os.path.join(sdk_dir, "README.md"), os.path.join(sdk_dir, package_dirs[0], "README.md")]
    readme = next((open(r, encoding="utf-8").read() for r in readmes if os.path.exists(r)), "")
    meta = metadata(args, readme)
    os.makedirs(out_dir, exist_ok=True)
    print(build_sdist(sdk_dir, out_dir, dist, args["version"], files, meta))
    print(build_wheel(sdk_dir, out_dir, dist, args["version"], files, meta))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
