#!/usr/bin/env python3
"""Writes the configuration metadata of 'socketserver.servers.*.<key>' and
'socketserver.servers.*.<group>.<key>' from the field Javadoc and initializers of
SocketServerProperties.Server and its groups (the configuration processor does not describe
map values), with hints from the Javadoc of the enum constants; then the README's reference
table from those entries and the processor's own metadata of a build.

    mvn -o -q -pl socketserver-autoconfigure -am compile && python3 tools/server-metadata.py

ServerPropertiesMetadataTests fails when the result and the properties classes disagree.
"""
import json, os, re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "io.github.socketserver.autoconfigure"
SOURCES = os.path.join(ROOT, "socketserver-autoconfigure/src/main/java/io/github/socketserver/autoconfigure")
CORE = os.path.join(ROOT, "socketserver-core/src/main/java/io/github/socketserver")
ADDITIONAL = os.path.join(ROOT, "socketserver-autoconfigure/src/main/resources/META-INF/additional-spring-configuration-metadata.json")
MERGED = os.path.join(ROOT, "socketserver-autoconfigure/target/classes/META-INF/spring-configuration-metadata.json")
README = os.path.join(ROOT, "README.md")
PREFIX = "socketserver.servers.*."

# Simple names of the types a server's settings use, and the enums among them with their source.
TYPES = {"String": "java.lang.String", "Integer": "java.lang.Integer", "int": "java.lang.Integer",
         "Boolean": "java.lang.Boolean", "boolean": "java.lang.Boolean", "Path": "java.nio.file.Path",
         "Duration": "java.time.Duration", "DataSize": "org.springframework.util.unit.DataSize",
         "List<String>": "java.util.List<java.lang.String>",
         "Map<String, String>": "java.util.Map<java.lang.String,java.lang.String>",
         "Charset": "java.nio.charset.Charset"}
AUTOCONFIGURE = os.path.join(ROOT, "socketserver-autoconfigure/src/main/java/io/github/socketserver/autoconfigure")
ENUMS = {"AddressFamily": ("io.github.socketserver.AddressFamily", "AddressFamily.java", "AddressFamily"),
         "SocketType": ("io.github.socketserver.SocketType", "SocketType.java", "SocketType"),
         "Threading.Mode": ("io.github.socketserver.threading.Threading$Mode", "threading/Threading.java", "Mode"),
         "DatagramOptions.Oversize": ("io.github.socketserver.options.DatagramOptions$Oversize",
                                      "options/DatagramOptions.java", "Oversize"),
         "ClientAuth": ("io.github.socketserver.tls.ClientAuth", "tls/ClientAuth.java", "ClientAuth"),
         "ProxyProtocolMode": ("io.github.socketserver.proxy.ProxyProtocolMode", "proxy/ProxyProtocolMode.java",
                               "ProxyProtocolMode"),
         "InheritedSocketSource": ("io.github.socketserver.autoconfigure.InheritedSocketSource",
                                   os.path.join(ROOT, "socketserver-autoconfigure/src/main/java/io/github/socketserver/"
                                                "autoconfigure/InheritedSocketSource.java"), "InheritedSocketSource"),
         "FramingCodec": ("io.github.socketserver.autoconfigure.FramingCodec",
                          os.path.join(AUTOCONFIGURE, "FramingCodec.java"), "FramingCodec"),
         "FrameByteOrder": ("io.github.socketserver.autoconfigure.FrameByteOrder",
                            os.path.join(AUTOCONFIGURE, "FrameByteOrder.java"), "FrameByteOrder"),
         "LineCodec.Separator": ("io.github.socketserver.codec.LineCodec$Separator", "codec/LineCodec.java",
                                 "Separator")}
# Defaults as Spring Boot's configuration processor writes them.
DURATION_UNITS = {"ofNanos": "ns", "ofMillis": "ms", "ofSeconds": "s", "ofMinutes": "m", "ofHours": "h", "ofDays": "d"}
DATA_SIZE_UNITS = {"ofBytes": "B", "ofKilobytes": "KB", "ofMegabytes": "MB", "ofGigabytes": "GB", "ofTerabytes": "TB"}
FIELD = re.compile(r"(?:/\*\*(.*?)\*/\s*)?private\s+(final\s+)?([\w.<>@, ]+?)\s+(\w+)(?:\s*=\s*([^;]+))?;", re.S)


def kebab(name):
    return re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def text(javadoc):
    if not javadoc:
        return ""
    lines = (line.strip().lstrip("*").strip() for line in javadoc.strip().splitlines())
    return re.sub(r"\{@\w+ ([^}]*)\}", r"\1", " ".join(line for line in lines if line)).strip()


def class_body(source, name):
    """The fields of one class: the text from its declaration to the first nested class."""
    body = source[re.search(r"\bclass " + name + r"\b", source).end():]
    nested = re.search(r"\n\s*public static class ", body)
    return body[:nested.start()] if nested else body


def default_value(java_type, initial):
    if initial in ("true", "false"):
        return initial == "true"
    if re.fullmatch(r"[\d_]+", initial):
        return int(initial.replace("_", ""))
    call = re.fullmatch(r"(Duration|DataSize)\.(of\w+)\((\d+)\)", initial)
    if call:
        units = DURATION_UNITS if call.group(1) == "Duration" else DATA_SIZE_UNITS
        return call.group(3) + units[call.group(2)]
    charset = re.fullmatch(r"StandardCharsets\.(\w+)", initial)
    if charset:
        return charset.group(1).replace("_", "-")
    if re.fullmatch(r"[\w.]+\.[A-Z0-9_]+", initial):
        return initial.split(".")[-1].lower().replace("_", "-")
    if not initial:
        return {"boolean": False, "int": 0}.get(java_type)
    return None  # an empty collection, or a value the metadata cannot carry


def properties(source, class_name, source_type, prefix):
    for match in FIELD.finditer(class_body(source, class_name)):
        javadoc, final, java_type, name, initial = match.groups()
        java_type = java_type.replace("@Nullable ", "").strip()
        if final:  # a group: a getter-only nested object in a file of its own
            yield from properties(open(os.path.join(SOURCES, java_type + ".java")).read(), java_type,
                                  PACKAGE + "." + java_type, prefix + kebab(name) + ".")
            continue
        entry = {"name": prefix + kebab(name), "type": ENUMS[java_type][0] if java_type in ENUMS else TYPES[java_type],
                 "description": text(javadoc), "sourceType": source_type}
        default = default_value(java_type, (initial or "").strip())
        if default is not None:
            entry["defaultValue"] = default
        yield entry, java_type


def enum_values(java_type):
    _, path, name = ENUMS[java_type]
    source = open(os.path.join(CORE, path)).read()
    body = source[re.search(r"\benum " + name + r"\s*\{", source).end():]
    body = body[:body.index("}\n")]
    return [{"value": constant.lower().replace("_", "-"), "description": text(doc)}
            for doc, constant in re.findall(r"/\*\*(.*?)\*/\s*([A-Z0-9_]+)", body, re.S)]


def server_metadata():
    source = open(os.path.join(SOURCES, "SocketServerProperties.java")).read()
    entries = list(properties(source, "Server", PACKAGE + ".SocketServerProperties$Server", PREFIX))
    hints = [{"name": entry["name"], "values": enum_values(java_type)} for entry, java_type in entries
             if java_type in ENUMS]
    return [entry for entry, _ in entries], hints


def write_metadata(server_properties, hints):
    old = json.load(open(ADDITIONAL))
    others = [p for p in old["properties"] if not p["name"].startswith(PREFIX)]
    other_hints = [h for h in old.get("hints", []) if not h["name"].startswith(PREFIX)]
    with open(ADDITIONAL, "w") as out:
        json.dump({"properties": server_properties + others, "hints": hints + other_hints}, out, indent=2)
        out.write("\n")


def write_readme_table(server_properties):
    merged = json.load(open(MERGED))["properties"]
    everything = [p for p in merged if not p["name"].startswith(PREFIX) and p["name"] != "socketserver.servers"]
    everything += server_properties
    rows = ["| key | default | description |", "|---|---|---|"]
    for p in sorted(everything, key=lambda p: (not p["name"].startswith("socketserver."), p["name"])):
        default = p.get("defaultValue")
        default = str(default).lower() if isinstance(default, bool) else default
        default = "(none)" if default is None else f"`{default}`"
        rows.append(f"| `{p['name'].replace('*', '<name>')}` | {default} | {p.get('description', '').replace('|', '/')} |")
    readme = open(README).read()
    start = readme.index("| key | default | description |")
    end = readme.index("\n## ", start)
    with open(README, "w") as out:
        out.write(readme[:start] + "\n".join(rows) + "\n" + readme[end:])


if __name__ == "__main__":
    server_properties, hints = server_metadata()
    write_metadata(server_properties, hints)
    if os.path.exists(MERGED):
        write_readme_table(server_properties)
    else:
        print("README not updated: compile socketserver-autoconfigure first")
