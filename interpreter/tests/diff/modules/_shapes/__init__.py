from ._circle import Circle
from . import _square
VERSION = "1.0"
