"""Distances on the ground, for finding reports near a point."""

import math

EARTH_RADIUS_M = 6_371_000
METERS_PER_DEGREE_LAT = 111_320


def distance_m(lat1, lng1, lat2, lng2):
    """Great-circle (haversine) distance in metres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def box_around(lat, lng, radius_m):
    """(south, west, north, east) of a box that holds every point within ``radius_m``."""
    d_lat = radius_m / METERS_PER_DEGREE_LAT
    d_lng = radius_m / (METERS_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return lat - d_lat, lng - d_lng, lat + d_lat, lng + d_lng
