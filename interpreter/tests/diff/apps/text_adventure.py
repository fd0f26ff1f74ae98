ROOMS = {
    "hall": {"desc": "A long hall.", "exits": {"north": "library", "east": "kitchen"}, "items": ["lamp"]},
    "library": {"desc": "Dusty books.", "exits": {"south": "hall"}, "items": ["book", "key"]},
    "kitchen": {"desc": "Smells of bread.", "exits": {"west": "hall", "down": "cellar"}, "items": []},
    "cellar": {"desc": "Dark and damp.", "exits": {"up": "kitchen"}, "items": ["treasure"], "locked": True},
}
class Game:
    def __init__(self):
        self.room = "hall"
        self.inventory = []
        self.moves = 0
    def do(self, cmd):
        verb, _, arg = cmd.partition(" ")
        handler = getattr(self, "cmd_" + verb, None)
        if handler is None:
            return f"I don't know how to {verb!r}."
        self.moves += 1
        return handler(arg)
    def cmd_look(self, _):
        r = ROOMS[self.room]
        items = ", ".join(r["items"]) or "nothing"
        return f"{self.room}: {r['desc']} Exits: {', '.join(sorted(r['exits']))}. You see {items}."
    def cmd_go(self, direction):
        r = ROOMS[self.room]
        if direction not in r["exits"]:
            return "You can't go that way."
        target = r["exits"][direction]
        if ROOMS[target].get("locked") and "key" not in self.inventory:
            return "The way is locked."
        self.room = target
        return self.cmd_look("")
    def cmd_take(self, item):
        items = ROOMS[self.room]["items"]
        if item not in items:
            return f"No {item} here."
        items.remove(item)
        self.inventory.append(item)
        return f"Taken: {item}."
    def cmd_inv(self, _):
        return "Carrying: " + (", ".join(sorted(self.inventory)) or "nothing")
g = Game()
script = ["look", "take lamp", "go east", "go down", "go west", "go north", "take key", "take sword",
          "go south", "go east", "go down", "take treasure", "inv", "dance", "go up"]
for c in script:
    print(f"> {c}\n{g.do(c)}")
print("moves:", g.moves)
