class ConfigError(Exception):
    pass
def load(name):
    raise ConfigError(f"cannot load {name}")
for name in ["a"]:
    print("loading", name)
    load(name)
