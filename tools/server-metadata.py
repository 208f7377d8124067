#!/usr/bin/env python3
"""Writes the configuration metadata of 'socketserver.servers.*.<key>' from the field Javadoc
of SocketServerProperties.Server (the configuration processor does not describe map values),
then the README's reference table from the merged metadata of a build.

    python3 tools/server-metadata.py            # after: mvn -pl socketserver-autoconfigure -am compile
"""
import json, os, re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "socketserver-autoconfigure/src/main/java/io/github/socketserver/autoconfigure/SocketServerProperties.java")
ADDITIONAL = os.path.join(ROOT, "socketserver-autoconfigure/src/main/resources/META-INF/additional-spring-configuration-metadata.json")
MERGED = os.path.join(ROOT, "socketserver-autoconfigure/target/classes/META-INF/spring-configuration-metadata.json")
README = os.path.join(ROOT, "README.md")

TYPES = {"AddressFamily": "io.github.socketserver.AddressFamily", "SocketType": "io.github.socketserver.SocketType",
         "Threading.@Nullable Mode": "io.github.socketserver.threading.Threading$Mode", "String": "java.lang.String",
         "Integer": "java.lang.Integer", "Path": "java.nio.file.Path", "boolean": "java.lang.Boolean",
         "Boolean": "java.lang.Boolean", "Duration": "java.time.Duration",
         "List<String>": "java.util.List<java.lang.String>",
         "Map<String, String>": "java.util.Map<java.lang.String,java.lang.String>"}
# Defaults of settings left null in the class, applied by SocketServerFactory.
FACTORY_DEFAULTS = {"queueSize": 128, "maxThreads": 200, "queueCapacity": 100, "tcpNoDelay": True,
                    "maxPacketSize": 8192, "maxLineLength": 8192, "reusePort": False, "maxChildren": 40,
                    "maxChildrenWait": "10s", "maxConnections": 10000, "maxRequests": 10000}
THREADING = [("sync", "One request at a time on the serving thread."),
             ("thread", "A new platform thread per request."),
             ("virtual", "A new virtual thread per request (Java 21+)."),
             ("pool", "A bounded pool of platform threads with a bounded queue."),
             ("fork", "A child process per request running the command.")]


def server_properties():
    source = open(SOURCE).read()
    body = source[source.index("public static class Server"):]
    body = body[:body.index("public static class Observations")] if "public static class Observations" in body else body
    field = re.compile(r"/\*\*(.*?)\*/\s*private\s+([\w.<>@, ]+?)\s+(\w+)(?:\s*=\s*([^;]+))?;", re.S)
    for match in field.finditer(body):
        doc = " ".join(l.strip().lstrip("*").strip() for l in match.group(1).strip().splitlines()).strip()
        java_type, name, initial = match.group(2).strip(), match.group(3), (match.group(4) or "").strip()
        kebab = re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)
        entry = {"name": "socketserver.servers.*." + kebab,
                 "type": TYPES.get(java_type, TYPES.get(java_type.replace("@Nullable ", ""), java_type)),
                 "description": doc, "sourceType": "io.github.socketserver.autoconfigure.SocketServerProperties$Server"}
        default = None
        if initial in ("true", "false"):
            default = initial == "true"
        elif initial.startswith(("AddressFamily.", "SocketType.")):
            default = initial.split(".")[-1].lower()
        elif "ofSeconds" in initial:
            default = re.search(r"\((\d+)\)", initial).group(1) + "s"
        elif "ofMillis" in initial:
            default = re.search(r"\((\d+)\)", initial).group(1) + "ms"
        elif java_type == "boolean":
            default = False
        default = FACTORY_DEFAULTS.get(name, default)
        if default is not None:
            entry["defaultValue"] = default
        yield entry


def write_metadata():
    old = json.load(open(ADDITIONAL))
    others = [p for p in old["properties"] if not p["name"].startswith("socketserver.servers.*.")]
    hints = [{"name": "socketserver.servers.*.threading",
              "values": [{"value": v, "description": d} for v, d in THREADING]}]
    json.dump({"properties": list(server_properties()) + others, "hints": hints}, open(ADDITIONAL, "w"), indent=2)
    open(ADDITIONAL, "a").write("\n")


def write_readme_table():
    merged = json.load(open(MERGED))
    rows = ["| key | default | description |", "|---|---|---|"]
    for p in sorted(merged["properties"], key=lambda p: (not p["name"].startswith("socketserver."), p["name"])):
        if p["name"] == "socketserver.servers":
            continue
        default = p.get("defaultValue")
        default = str(default).lower() if isinstance(default, bool) else default
        default = "(none)" if default is None else f"`{default}`"
        rows.append(f"| `{p['name'].replace('*', '<name>')}` | {default} | {p.get('description', '').replace('|', '/')} |")
    readme = open(README).read()
    start = readme.index("| key | default | description |")
    end = readme.index("\n## ", start)
    open(README, "w").write(readme[:start] + "\n".join(rows) + "\n" + readme[end:])


if __name__ == "__main__":
    write_metadata()
    if os.path.exists(MERGED):
        write_readme_table()
