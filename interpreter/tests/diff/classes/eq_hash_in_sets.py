class Card:
    def __init__(self, rank, suit):
        self.rank, self.suit = rank, suit
    def __eq__(self, o):
        return (self.rank, self.suit) == (o.rank, o.suit)
    def __hash__(self):
        return hash((self.rank, self.suit))
    def __repr__(self):
        return f"{self.rank}{self.suit}"
cards = {Card(1, "s"), Card(1, "s"), Card(2, "h")}
print(len(cards))
d = {Card(3, "c"): "three"}
print(d[Card(3, "c")])
print(Card(1, "s") in cards, Card(9, "s") in cards)
print(sorted(cards, key=lambda c: c.rank))
