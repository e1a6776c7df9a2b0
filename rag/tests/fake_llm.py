"""A local stand-in for an OpenAI-compatible `/v1/chat/completions` endpoint, for tests."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLlm:
    """Records every request body; `behaviour` picks the reply: ok, slow, error, garbage, bad_citation, empty."""

    def __init__(self):
        self.requests: list[dict] = []
        self.behaviour = "ok"
        self.reply = None  # callable(question_text) -> str, for "ok"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(body)
                if fake.behaviour == "slow":
                    time.sleep(2)
                if fake.behaviour == "error":
                    return self._send(500, {"error": {"message": "boom"}})
                if fake.behaviour == "garbage":
                    return self._send_raw(200, b"<html>not json</html>")
                user = body["messages"][-1]["content"]
                content = {
                    "ok": (fake.reply or default_reply)(user),
                    "slow": "late [1]",
                    "bad_citation": "Menurut catatan [7].",
                    "empty": "",
                }[fake.behaviour]
                return self._send(
                    200,
                    {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body.get("model", "test"),
                        "choices": [
                            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
                        ],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    },
                )

            def _send(self, status, payload):
                self._send_raw(status, json.dumps(payload).encode())

            def _send_raw(self, status, raw):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def sent_text(self) -> str:
        return json.dumps(self.requests, ensure_ascii=False)


def default_reply(user_message: str) -> str:
    """Echo the first name placeholder of the question, citing passage 1."""
    question = json.loads(user_message)["question"]
    names = re.findall(r"\[NAMA_\d+\]", question)
    who = names[0] if names else "Pasien"
    return f"{who} tercatat menderita hipertensi esensial [1]."
