"""A dictionary bot for Switchboard: the Dashly chat-bot example, rewritten.

Switchboard sends it a form-encoded webhook (format "dashly") for every message; when a visitor's
message matches a question of the dictionary, the bot answers through the reply API.

    SWITCHBOARD_URL=http://127.0.0.1:8080 SWITCHBOARD_TOKEN=sb_... WEBHOOK_TOKEN=whsec_... \
    PORT=8090 python3 bot.py

SWITCHBOARD_TOKEN is an API key (Settings > API keys); WEBHOOK_TOKEN is the webhook's secret, which
Switchboard sends as the `token` field so the bot can tell the request is genuine.
Standard library only.
"""
import hmac
import json
import os
import re
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SWITCHBOARD_URL = os.environ.get("SWITCHBOARD_URL", "http://127.0.0.1:8080").rstrip("/")
TOKEN = os.environ["SWITCHBOARD_TOKEN"]
WEBHOOK_TOKEN = os.environ.get("WEBHOOK_TOKEN", "")

# Question patterns matched against the upper-cased message, and their answers.
QUESTIONS = [
    {"question": "Hello, how are you", "answer": "Hey, great!"},
    {"question": "opening hours", "answer": "We are open 9:00-18:00, Monday to Friday."},
]


def answer_for(body):
    text = body.upper()
    for element in QUESTIONS:
        if re.search(r"(#\s|)(" + re.escape(element["question"].upper()) + ")", text):
            return element["answer"]
    return None


def reply(conversation_id, text):
    url = "%s/api/v1/conversations/%s/reply?auth_token=%s" % (
        SWITCHBOARD_URL, urllib.parse.quote(str(conversation_id)), urllib.parse.quote(TOKEN))
    data = urllib.parse.urlencode({"body": text}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST"), timeout=10) as res:
        res.read()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        if WEBHOOK_TOKEN and not hmac.compare_digest(form.get("token", [""])[0], WEBHOOK_TOKEN):
            self.send_response(401)
            self.end_headers()
            return
        part = json.loads(form.get("conversation", ["{}"])[0])
        # Only visitors' and people's messages; never answer a bot (ours or another).
        answer = answer_for(part.get("body", "")) if part.get("type") in ("reply_user", "reply_admin") else None
        self.send_response(200)
        self.end_headers()
        if answer:
            reply(part["conversation"], answer)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8090"))), Handler)
    print(json.dumps({"url": "http://127.0.0.1:%d/" % server.server_address[1]}), flush=True)
    server.serve_forever()
