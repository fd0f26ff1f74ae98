def parse_csv(text, sep=","):
    rows, row, field = [], [], []
    in_quotes = False
    i = 0
    while i < len(text):
        c = text[i]
        if in_quotes:
            if c == '"':
                if i + 1 < len(text) and text[i + 1] == '"':
                    field.append('"')
                    i += 1
                else:
                    in_quotes = False
            else:
                field.append(c)
        elif c == '"':
            in_quotes = True
        elif c == sep:
            row.append("".join(field))
            field = []
        elif c == "\n":
            row.append("".join(field))
            rows.append(row)
            row, field = [], []
        else:
            field.append(c)
        i += 1
    if in_quotes:
        raise ValueError("unterminated quoted field")
    if field or row:
        row.append("".join(field))
        rows.append(row)
    return rows
def to_csv(rows, sep=","):
    def q(f):
        f = str(f)
        if any(ch in f for ch in (sep, '"', "\n")):
            return '"' + f.replace('"', '""') + '"'
        return f
    return "\n".join(sep.join(q(f) for f in r) for r in rows)
data = 'name,qty,note\nwidget,3,"has, comma"\ngadget,10,"says ""hi"""\n"multi\nline",1,\nempty,,x'
rows = parse_csv(data)
for r in rows:
    print(r)
header, *body = rows
records = [dict(zip(header, r)) for r in body]
print(records[1])
total = sum(int(r["qty"]) for r in records if r["qty"])
print("total qty", total)
again = parse_csv(to_csv(rows))
print(again == rows)
print(to_csv([["a;b", 1], ["c", 'd"e']], sep=";"))
try:
    parse_csv('a,"open')
except ValueError as e:
    print("ValueError:", e)
