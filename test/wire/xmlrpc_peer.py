#!/usr/bin/env python3
"""Python's standard xmlrpc.client (and json) as an independent peer for test/wire/python-xmlrpc.test.ts.

Reads one JSON job from stdin and writes one JSON answer to stdout, so a whole batch costs one
process. Values cross the JSON boundary tagged: {"$int": "digits"}, {"$double": "repr"},
{"$dt": "xmlrpc datetime text"}, {"$struct": [[key, value], ...]}; strings, booleans and lists as is.
"""
import datetime
import json
import sys
import xmlrpc.client


def to_py(v):
    if isinstance(v, (str, bool)):
        return v
    if isinstance(v, list):
        return [to_py(x) for x in v]
    if "$int" in v:
        return int(v["$int"])
    if "$double" in v:
        return float(v["$double"])
    if "$dt" in v:
        return datetime.datetime.strptime(v["$dt"], "%Y%m%dT%H:%M:%S")
    return {k: to_py(x) for k, x in v["$struct"]}


def from_py(v):
    if isinstance(v, (str, bool)):
        return v
    if isinstance(v, int):
        return {"$int": str(v)}
    if isinstance(v, float):
        return {"$double": repr(v)}
    if isinstance(v, xmlrpc.client.DateTime):
        return {"$dt": v.value}
    if isinstance(v, datetime.datetime):
        return {"$dt": v.strftime("%Y%m%dT%H:%M:%S")}
    if isinstance(v, list):
        return [from_py(x) for x in v]
    if isinstance(v, dict):
        return {"$struct": [[k, from_py(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def main():
    job = json.load(sys.stdin)
    out = {"loads": [], "calls": [], "responses": [], "g16": []}
    for xml in job.get("loads", []):
        try:
            params, method = xmlrpc.client.loads(xml)
            out["loads"].append({"method": method, "params": [from_py(p) for p in params]})
        except Exception as e:  # reported to the test, which fails with the message
            out["loads"].append({"error": "%s: %s" % (type(e).__name__, e)})
    for c in job.get("calls", []):
        out["calls"].append(xmlrpc.client.dumps(tuple(to_py(p) for p in c["params"]), methodname=c["method"]))
    for v in job.get("responses", []):
        envelope = {"Status": "Success", "Value": to_py(v)}
        out["responses"].append(xmlrpc.client.dumps((envelope,), methodresponse=True))
    out["fault"] = xmlrpc.client.dumps(xmlrpc.client.Fault(42, "boom <&> é"), methodresponse=True)
    # JSON-RPC bodies through Python's json module (ints exact at any size, NaN/Infinity accepted).
    out["json_loads"] = [from_py(json.loads(body)["result"]) for body in job.get("json_loads", [])]
    out["json_dumps"] = [
        json.dumps({"jsonrpc": "2.0", "result": to_py(v), "id": i}) for i, v in enumerate(job.get("json_dumps", []))
    ]
    for text in job.get("g16", []):
        out["g16"].append("%.16g" % float(text))
    json.dump(out, sys.stdout)


main()
