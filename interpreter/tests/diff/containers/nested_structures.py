config = {
    "servers": [
        {"name": "alpha", "ports": [80, 443], "tags": {"web", "prod"}},
        {"name": "beta", "ports": [8080], "tags": {"dev"}},
    ],
    "retries": 3,
    "meta": {"owner": ("ops", 7)},
}
for srv in config["servers"]:
    print(srv["name"], srv["ports"], sorted(srv["tags"]))
config["servers"][1]["ports"].append(9090)
print(config["servers"][1]["ports"])
print(config["meta"]["owner"][0], len(config))
print([p for s in config["servers"] for p in s["ports"] if p > 100])
copy = {k: v for k, v in config.items() if k != "servers"}
print(copy)
matrix = [[i * 3 + j for j in range(3)] for i in range(3)]
print(matrix, [row[::-1] for row in matrix[::-1]])
