"""The co-occurrence graph of a search drawn as SVG on the server: layout and geometry.

The page needs no script (the CSP allows only the app's own files, and a graph of 50
nodes is small): positions come from a force-directed layout (Fruchterman and
Reingold's: every pair of nodes repels, edges pull in proportion to their weight, and a
cooling step bounds each move) run here with numpy, from a fixed start so a search
always draws the same picture. As :mod:`web.histogram`, the geometry is plain data and
the template writes SVG attributes only (the CSP forbids inline styles).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from search.query import CooccurrenceGraph

WIDTH, HEIGHT = 960, 620
#: Room kept around the drawing for the widest circles and the labels under them.
MARGIN_X, MARGIN_Y = 90, 36
MIN_RADIUS, MAX_RADIUS = 5.0, 26.0
MIN_STROKE, MAX_STROKE = 0.8, 7.0
ITERATIONS = 300
STRETCH = 1.4
SPREAD = 3.0
GRAVITY = 0.2


@dataclass(frozen=True)
class DrawnNode:
    id: str
    facet: str
    label: str
    count: int
    url: str
    x: float
    y: float
    r: float
    #: where the label goes (under the circle)
    label_y: float


@dataclass(frozen=True)
class DrawnEdge:
    source: str
    target: str
    weight: int
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True)
class Drawing:
    nodes: list[DrawnNode]
    edges: list[DrawnEdge]
    width: int = WIDTH
    height: int = HEIGHT


def draw_graph(graph: CooccurrenceGraph, urls: dict[str, str]) -> Drawing:
    """Positions, radii and stroke widths for ``graph``.

    :param urls: node id -> the URL its circle links to (its entity page).
    """
    n = len(graph.nodes)
    if not n:
        return Drawing([], [])
    index = {node.id: i for i, node in enumerate(graph.nodes)}
    pairs = [(index[e.source], index[e.target], e.weight) for e in graph.edges]
    points = _layout(n, pairs)
    # Fill the frame: each axis stretched by at most STRETCH times the other.
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.where(hi - lo > 1e-9, hi - lo, 1.0)
    scale = np.array([WIDTH - 2 * MARGIN_X, HEIGHT - 2 * MARGIN_Y]) / span
    scale = np.minimum(scale, scale.min() * STRETCH)
    offset = (np.array([WIDTH, HEIGHT]) - span * scale) / 2
    points = (
        (points - lo) * scale + offset if n > 1 else np.array([[WIDTH / 2, HEIGHT / 2]])
    )
    peak = max(node.count for node in graph.nodes) or 1
    heaviest = max((w for _a, _b, w in pairs), default=1)
    nodes = []
    for i, node in enumerate(graph.nodes):
        r = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(node.count / peak)
        x, y = (round(float(v), 1) for v in points[i])
        nodes.append(
            DrawnNode(
                node.id,
                node.facet,
                node.label,
                node.count,
                urls.get(node.id, ""),
                x,
                y,
                round(r, 1),
                round(y + r + 12, 1),
            )
        )
    edges = []
    for a, b, w in pairs:
        width = MIN_STROKE + (MAX_STROKE - MIN_STROKE) * w / heaviest
        edges.append(
            DrawnEdge(
                graph.nodes[a].id,
                graph.nodes[b].id,
                w,
                nodes[a].x,
                nodes[a].y,
                nodes[b].x,
                nodes[b].y,
                round(width, 2),
            )
        )
    # The lightest first, so the heaviest are drawn on top.
    edges.sort(key=lambda e: e.weight)
    return Drawing(nodes, edges)


def _layout(n: int, pairs: list[tuple[int, int, int]]) -> np.ndarray:
    """Fruchterman-Reingold positions of ``n`` nodes in a frame of the drawing's
    proportions, edges pulling by their weight.

    Starts from a sunflower spiral in node order (the most named in the middle), and
    pulls every node toward the centre (elliptically, as the frame is wider than tall)
    so that groups without edges between them stay in the picture.
    """
    if n == 1:
        return np.zeros((1, 2))
    aspect = WIDTH / HEIGHT
    centre = np.array([aspect / 2, 0.5])
    golden = math.pi * (3 - math.sqrt(5))
    i = np.arange(n)
    radius = np.sqrt((i + 0.5) / n) / 2
    pos = centre + np.column_stack(
        (aspect * radius * np.cos(i * golden), radius * np.sin(i * golden))
    )
    weights = np.zeros((n, n))
    heaviest = max((w for _a, _b, w in pairs), default=1)
    for a, b, w in pairs:
        weights[a, b] = weights[b, a] = w / heaviest
    k = SPREAD * math.sqrt(aspect / n)  # the ideal distance between neighbours
    pull = GRAVITY * n * k * np.array([1 / aspect**2, 1.0])
    temperature = 0.1 * aspect
    cooling = temperature / (ITERATIONS + 1)
    for _ in range(ITERATIONS):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.sqrt((delta**2).sum(axis=-1))
        np.fill_diagonal(distance, 1.0)
        distance = np.maximum(distance, 0.01)
        repulse = (k * k / distance**2)[:, :, None] * delta
        np.einsum("iij->ij", repulse)[:] = 0
        attract = (weights * distance / k)[:, :, None] * delta
        move = (repulse - attract).sum(axis=1) - (pos - centre) * pull
        length = np.maximum(np.sqrt((move**2).sum(axis=1)), 1e-9)
        pos += move / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= cooling
    return pos
