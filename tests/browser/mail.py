"""Prints, as JSON, every message in the Maildir of the test SMTP server (argv[1]), oldest
first, decoded by Python's email module: to, subject, text and HTML bodies, and the
calendar invites it carries (each distinct `text/calendar` part, unfolded)."""
import json
import os
import sys
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses


def body(msg, kind):
    part = msg.get_body(preferencelist=(kind,))
    return part.get_content() if part is not None else ""


def calendars(msg):
    found = []
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            raw = part.get_payload(decode=True) or b""
            text = raw.decode("utf-8", "replace").replace("\r\n ", "").replace("\r\n", "\n")
            if text not in found:
                found.append(text)
    return found


def main(maildir):
    files = []
    for sub in ("new", "cur"):
        folder = os.path.join(maildir, sub)
        if os.path.isdir(folder):
            files += [os.path.join(folder, f) for f in os.listdir(folder)]
    files.sort(key=lambda f: (os.stat(f).st_mtime_ns, f))
    out = []
    for f in files:
        with open(f, "rb") as fh:
            msg = BytesParser(policy=policy.default).parse(fh)
        out.append(
            {
                "to": [a for _, a in getaddresses(msg.get_all("to", []))],
                "subject": str(msg.get("subject", "")),
                "message_id": str(msg.get("message-id", "")),
                "text": body(msg, "plain"),
                "html": body(msg, "html"),
                "calendars": calendars(msg),
            }
        )
    json.dump(out, sys.stdout)


main(sys.argv[1])
