#!/usr/bin/env python3
"""One editing session with `codebook lsp` over stdio, for measuring how it scales.

    scripts/lsp-session.py FILE COMMAND...

Runs COMMAND (e.g. `target/release/codebook lsp`, or the same under valgrind) and, over the
Language Server Protocol: opens FILE, types one character into the last quote's text, then
asks for a hover on the last `supports:` reference, a completion after it and a rename of that
code (every reference of it changes). It waits for each answer (and for the diagnostics after
the edit), prints one line per answer with its size, and shuts the server down. The file must
end with a quote block holding a `supports:` line (scripts/shapes.sh's `dated_quotes` writes
one).
"""
import json
import subprocess
import sys


def main():
    path, command = sys.argv[1], sys.argv[2:]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    # The last quote's text line and its `supports:` line.
    quote_line = max(i for i, l in enumerate(lines) if l.startswith("quote "))
    supports_line = max(i for i, l in enumerate(lines) if l.strip().startswith("supports:"))
    column = lines[supports_line].index("supports:") + len("supports: ")
    uri = "file:///shape.codebook"
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(message):
        body = json.dumps(message).encode("utf-8")
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def receive():
        length = None
        while True:
            line = server.stdout.readline()
            if not line:
                sys.exit("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(server.stdout.read(length))

    def request(n, method, params):
        send({"jsonrpc": "2.0", "id": n, "method": method, "params": params})
        while True:
            m = receive()
            if m.get("id") == n and "method" not in m:
                size = len(json.dumps(m.get("result")))
                print(f"{method}: {size} bytes")
                return m

    def wait_for_diagnostics(version):
        while True:
            m = receive()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get(
                "version"
            ) == version:
                print(f"diagnostics of version {version}: {len(m['params']['diagnostics'])}")
                return

    request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    doc = {"uri": uri, "languageId": "codebook", "version": 0, "text": text}
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": doc}})
    wait_for_diagnostics(0)
    at = {"line": quote_line, "character": len("quote \"")}
    change = {"range": {"start": at, "end": at}, "text": "A"}
    send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri, "version": 1},
                "contentChanges": [change],
            },
        }
    )
    wait_for_diagnostics(1)
    position = {"textDocument": {"uri": uri}, "position": {"line": supports_line, "character": column}}
    request(2, "textDocument/hover", position)
    request(3, "textDocument/completion", position)
    request(4, "textDocument/rename", dict(position, newName="renamed"))
    request(5, "shutdown", None)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    server.stdin.close()
    server.wait()


if __name__ == "__main__":
    main()
