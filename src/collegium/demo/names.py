"""Deterministic generated names for delegates not named in the brief."""

from __future__ import annotations

import datetime
import random

_GIVEN = [
    "Aleksandr",
    "Aleksei",
    "Anatoly",
    "Andrei",
    "Boris",
    "Dmitry",
    "Fyodor",
    "Georgy",
    "Grigory",
    "Ivan",
    "Konstantin",
    "Leonid",
    "Mikhail",
    "Nikolai",
    "Pavel",
    "Pyotr",
    "Semyon",
    "Sergei",
    "Stepan",
    "Vasily",
    "Viktor",
    "Vladimir",
    "Yakov",
    "Yuri",
    "Anna",
    "Antonina",
    "Ekaterina",
    "Elena",
    "Galina",
    "Lidia",
    "Maria",
    "Nadezhda",
    "Nina",
    "Olga",
    "Tamara",
    "Valentina",
    "Vera",
    "Zinaida",
    "Aziz",
    "Nuritdin",
    "Kurban",
    "Dinmukhamed",
    "Vilis",
    "Antanas",
    "Eduard",
    "Ivane",
    "Vasil",
    "Pyotras",
]
_FAMILY = [
    "Abramov",
    "Andreev",
    "Belov",
    "Bogdanov",
    "Bondarenko",
    "Chernov",
    "Danilov",
    "Egorov",
    "Fedorov",
    "Filippov",
    "Gavrilov",
    "Grigoriev",
    "Ivanov",
    "Karpov",
    "Kiselev",
    "Kovalenko",
    "Kozlov",
    "Kravchenko",
    "Kuznetsov",
    "Lebedev",
    "Makarov",
    "Medvedev",
    "Melnik",
    "Morozov",
    "Nikitin",
    "Novikov",
    "Orlov",
    "Pavlov",
    "Petrenko",
    "Petrov",
    "Popov",
    "Romanov",
    "Savchenko",
    "Semenov",
    "Shevchenko",
    "Smirnov",
    "Sokolov",
    "Stepanov",
    "Tarasov",
    "Tkachenko",
    "Volkov",
    "Vorobyov",
    "Yakovlev",
    "Zaitsev",
    "Zakharov",
    "Aliyev",
    "Akhundov",
    "Rashidov",
    "Kunayev",
    "Lacis",
    "Sniečkus",
    "Käbin",
    "Mzhavanadze",
    "Arutinov",
]
_INITIALS = "ABDFGIKLMNPSTVY"
_CITIES = [
    "Moscow",
    "Leningrad",
    "Kiev",
    "Minsk",
    "Tashkent",
    "Baku",
    "Tbilisi",
    "Yerevan",
    "Alma-Ata",
    "Riga",
    "Vilnius",
    "Tallinn",
    "Kishinev",
    "Frunze",
    "Stalinabad",
    "Ashkhabad",
    "Gorky",
    "Sverdlovsk",
    "Novosibirsk",
    "Kharkov",
    "Odessa",
    "Rostov",
    "Kuibyshev",
    "Stalingrad",
    "Chelyabinsk",
    "Perm",
    "Omsk",
    "Kazan",
    "Ufa",
    "Saratov",
    "Voronezh",
    "Donetsk",
    "Dnepropetrovsk",
]


# The given names above that are women's: their family names take the feminine form.
_WOMEN = frozenset(
    {
        "Anna", "Antonina", "Ekaterina", "Elena", "Galina", "Lidia", "Maria", "Nadezhda",
        "Nina", "Olga", "Tamara", "Valentina", "Vera", "Zinaida",
    }
)  # fmt: skip
# Family names that keep one form for women and men (Estonian, Latvian, Georgian …).
_INVARIABLE = frozenset({"Käbin", "Lacis", "Sniečkus", "Mzhavanadze"})


def family_name(family: str, given: str) -> str:
    """The family name as its bearer would write it: Karpov → Karpova for a woman, as
    Russian (and Russified) family names in -ov, -ev and -in agree with the person."""
    if given not in _WOMEN or family in _INVARIABLE:
        return family
    if family.endswith(("ov", "ev", "in", "yn")):
        return family + "a"
    if family.endswith("sky"):
        return family[:-3] + "skaya"
    return family


def admission_date(rng: random.Random) -> datetime.date:
    """When a delegate joined the party: from the revolution's underground years to a
    few years before the congress, most of them in the 1920s to 1940s."""
    year = min(1953, max(1903, round(rng.gauss(1932, 11))))
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def generated_people(count: int, seed: int, taken: set[str]) -> list[tuple[str, str]]:
    """`count` distinct (name, unit) pairs, the same for the same seed."""
    rng = random.Random(seed)
    people: list[tuple[str, str]] = []
    while len(people) < count:
        given = rng.choice(_GIVEN)
        initial = rng.choice(_INITIALS)
        name = f"{given} {initial}. {family_name(rng.choice(_FAMILY), given)}"
        if name in taken:
            continue
        taken.add(name)
        people.append((name, f"{rng.choice(_CITIES)} regional organization"))
    return people
