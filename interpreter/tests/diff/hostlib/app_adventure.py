import re
from enum import Enum, auto

class Dir(Enum):
    NORTH = auto()
    SOUTH = auto()
    EAST = auto()
    WEST = auto()

    @classmethod
    def parse(cls, word):
        aliases = {"n": cls.NORTH, "s": cls.SOUTH, "e": cls.EAST, "w": cls.WEST}
        try:
            return aliases.get(word) or cls[word.upper()]
        except KeyError:
            raise ValueError(f"unknown direction: {word}") from None

class Room:
    def __init__(self, name, desc, items=()):
        self.name, self.desc = name, desc
        self.items = set(items)
        self.exits = {}

    def connect(self, d, other, back=None):
        self.exits[d] = other
        if back:
            other.exits[back] = self

    def __repr__(self):
        return f"Room({self.name!r})"

class Game:
    VERBS = {"go", "take", "drop", "look", "inv", "quit"}

    def __init__(self):
        hall = Room("Hall", "A dusty hall.", ["lamp"])
        kitchen = Room("Kitchen", "Smells of bread.", ["knife", "bread"])
        garden = Room("Garden", "Flowers everywhere.")
        hall.connect(Dir.NORTH, kitchen, Dir.SOUTH)
        hall.connect(Dir.EAST, garden, Dir.WEST)
        self.here = hall
        self.bag = []
        self.moves = 0

    def parse(self, line):
        words = re.findall(r"[a-z]+", line.lower())
        words = [w for w in words if w not in ("the", "a", "to")]
        if not words:
            raise ValueError("say something")
        verb, *rest = words
        if verb not in self.VERBS:
            raise ValueError(f"I don't know how to {verb!r}")
        return verb, rest

    def do(self, line):
        try:
            verb, args = self.parse(line)
        except ValueError as e:
            return f"? {e}"
        self.moves += 1
        match verb, args:
            case "go", [d]:
                try:
                    direction = Dir.parse(d)
                except ValueError as e:
                    return str(e)
                if direction not in self.here.exits:
                    return f"You can't go {direction.name.lower()}."
                self.here = self.here.exits[direction]
                return f"You are in the {self.here.name}. {self.here.desc}"
            case "take", [thing] if thing in self.here.items:
                self.here.items.remove(thing)
                self.bag.append(thing)
                return f"Taken: {thing}"
            case "take", [thing]:
                return f"No {thing} here."
            case "drop", [thing]:
                if thing not in self.bag:
                    return "You don't have that."
                self.bag.remove(thing)
                self.here.items.add(thing)
                return f"Dropped {thing}."
            case "look", []:
                exits = ", ".join(sorted(d.name.lower() for d in self.here.exits))
                items = ", ".join(sorted(self.here.items)) or "nothing"
                return f"{self.here.name}: exits {exits}; you see {items}"
            case "inv", _:
                return "You carry: " + (", ".join(self.bag) if self.bag else "nothing")
            case "quit", _:
                return "Bye"
            case _:
                return "Huh?"

g = Game()
script = ["look", "take the lamp", "take lamp", "go north", "take knife", "go up", "go west",
          "go s", "go e", "drop knife", "look", "inv", "dance", "", "go", "quit"]
for line in script:
    print(f"> {line}")
    print(g.do(line))
print(g.moves, [d.name for d in Dir], Dir.NORTH.value, Dir(3), repr(Dir.WEST))
