def rle_encode(s):
    if not s:
        return ""
    out = []
    prev, n = s[0], 1
    for c in s[1:]:
        if c == prev:
            n += 1
        else:
            out.append(f"{n}{prev}")
            prev, n = c, 1
    out.append(f"{n}{prev}")
    return "".join(out)
def rle_decode(s):
    out, num = [], ""
    for c in s:
        if c.isdigit():
            num += c
        else:
            out.append(c * int(num))
            num = ""
    return "".join(out)
for t in ["aaabccddddd", "abc", "", "zzzzzzzzzzzz", "aabbaa"]:
    e = rle_encode(t)
    print(repr(t), repr(e), rle_decode(e) == t)
def huffman(text):
    freq = {}
    for c in text:
        freq[c] = freq.get(c, 0) + 1
    nodes = [(f, i, c) for i, (c, f) in enumerate(sorted(freq.items()))]
    counter = len(nodes)
    while len(nodes) > 1:
        nodes.sort()
        a, b = nodes.pop(0), nodes.pop(0)
        nodes.append((a[0] + b[0], counter, (a, b)))
        counter += 1
    codes = {}
    def walk(node, prefix):
        payload = node[2]
        if isinstance(payload, str):
            codes[payload] = prefix or "0"
        else:
            walk(payload[0], prefix + "0")
            walk(payload[1], prefix + "1")
    walk(nodes[0], "")
    return codes
text = "this is an example of a huffman tree"
codes = huffman(text)
encoded = "".join(codes[c] for c in text)
print(len(text) * 8, len(encoded))
print(sorted(codes.items(), key=lambda kv: (len(kv[1]), kv[0]))[:6])
inv = {v: k for k, v in codes.items()}
buf, out = "", []
for bit in encoded:
    buf += bit
    if buf in inv:
        out.append(inv[buf])
        buf = ""
print("".join(out) == text)
