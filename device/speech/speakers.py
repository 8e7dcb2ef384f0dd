"""Speaker labels from directions: cluster segment azimuths into S1..Sn without voiceprints.

Centroid-linkage agglomerative clustering on the circle, weighted by segment duration. On
one dimension the closest clusters are always neighbours in angular order, so each step only
compares neighbours. Merging stops once every neighbour pair is more than ``threshold_deg``
apart. Labels are numbered by first appearance: the person who speaks first is S1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from device.speech.doa import angle_distance


@dataclass
class _Cluster:
    members: list[int]
    weight: float
    mean: float
    """Degrees; weighted circular mean (or plain mean for a linear array)."""


def cluster_directions(
    directions: list[float | None],
    weights: list[float],
    threshold_deg: float,
    *,
    wraps: bool = True,
) -> list[str]:
    """Speaker label per segment; segments without a direction join the previous speaker."""
    clusters = _by_degree(directions, weights, wraps=wraps)
    while len(clusters) > 1:
        k, dist = _closest_neighbours(clusters, wraps=wraps)
        if dist > threshold_deg:
            break
        _merge(clusters, k, (k + 1) % len(clusters), wraps=wraps)
    return _labels(len(directions), clusters)


def _by_degree(
    directions: list[float | None], weights: list[float], *, wraps: bool
) -> list[_Cluster]:
    """One starting cluster per whole degree, so the work stays bounded in long meetings."""
    bins: dict[int, _Cluster] = {}
    for i, (d, w) in enumerate(zip(directions, weights, strict=True)):
        if d is None:
            continue
        key = round(d % 360.0 if wraps else d) % (360 if wraps else 361)
        cluster = bins.setdefault(key, _Cluster([], 0.0, float(key)))
        cluster.members.append(i)
        cluster.weight += max(w, 1e-3)
    return sorted(bins.values(), key=lambda c: c.mean)


def _closest_neighbours(clusters: list[_Cluster], *, wraps: bool) -> tuple[int, float]:
    count = len(clusters)
    pairs = range(count if wraps and count > 2 else count - 1)
    dists = [
        (angle_distance(clusters[k].mean, clusters[(k + 1) % count].mean, wraps=wraps), k)
        for k in pairs
    ]
    dist, k = min(dists)
    return k, dist


def _merge(clusters: list[_Cluster], a: int, b: int, *, wraps: bool) -> None:
    keep, gone = clusters[a], clusters[b]
    total = keep.weight + gone.weight
    if wraps:
        x = keep.weight * _cos(keep.mean) + gone.weight * _cos(gone.mean)
        y = keep.weight * _sin(keep.mean) + gone.weight * _sin(gone.mean)
        keep.mean = math.degrees(math.atan2(y, x)) % 360.0
    else:
        keep.mean = (keep.weight * keep.mean + gone.weight * gone.mean) / total
    keep.weight = total
    keep.members.extend(gone.members)
    del clusters[b]
    clusters.sort(key=lambda c: c.mean)


def _cos(deg: float) -> float:
    return math.cos(math.radians(deg))


def _sin(deg: float) -> float:
    return math.sin(math.radians(deg))


def _labels(count: int, clusters: list[_Cluster]) -> list[str]:
    owner = {i: c for c, cluster in enumerate(clusters) for i in cluster.members}
    order: dict[int, str] = {}
    labels: list[str] = []
    for i in range(count):
        cluster = owner.get(i)
        if cluster is None:
            labels.append(labels[-1] if labels else "S1")
            continue
        labels.append(order.setdefault(cluster, f"S{len(order) + 1}"))
    return labels
