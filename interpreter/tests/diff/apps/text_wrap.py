TEXT = ("Pyrite runs Python on a fleet of microcontrollers. It receives signed bundles over MQTT, "
        "stores them so that a power cut never bricks the device, runs them, and rolls back a bad one. "
        "Supercalifragilisticexpialidocious words are broken only when they must be.")
def wrap(text, width):
    lines, cur = [], ""
    for word in text.split():
        while len(word) > width:
            if cur:
                lines.append(cur)
                cur = ""
            lines.append(word[:width - 1] + "-")
            word = word[width - 1:]
        if not cur:
            cur = word
        elif len(cur) + 1 + len(word) <= width:
            cur += " " + word
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    return lines
def justify(line, width):
    words = line.split()
    if len(words) == 1:
        return line.ljust(width)
    gaps = len(words) - 1
    spaces = width - sum(len(w) for w in words)
    out = ""
    for i, w in enumerate(words[:-1]):
        n = spaces // gaps + (1 if i < spaces % gaps else 0)
        out += w + " " * n
    return out + words[-1]
for width in (30, 18):
    lines = wrap(TEXT, width)
    print(f"--- width {width}: {len(lines)} lines")
    for l in lines[:-1]:
        print("|" + justify(l, width) + "|")
    print("|" + lines[-1].ljust(width) + "|")
print(max(len(l) for l in wrap(TEXT, 12)) <= 12)
