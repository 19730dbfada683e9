"""The network's themes: its national working groups and the sub-themes the archive uses.

Seeded by migration 0003 (so every installation has them) and refreshed by load_demo.
Editors may rename or add themes in the admin; seeding never deletes anything.
"""

# (slug, English name, Spanish name, parent slug, English description, Spanish description)
THEMES = [
    (
        "migration",
        "Migration",
        "Migración",
        None,
        "Lived experiences of migration in both countries, the sistered communities' diaspora "
        "and the policies that shape them.",
        "Experiencias vividas de la migración en ambos países, la diáspora de las comunidades "
        "hermanadas y las políticas que las afectan.",
    ),
    (
        "environment-climate",
        "Environment & Climate Change",
        "Medio ambiente y cambio climático",
        None,
        "Community organising for water, land and a livable climate.",
        "Organización comunitaria por el agua, la tierra y un clima habitable.",
    ),
    (
        "water",
        "Water",
        "Agua",
        "environment-climate",
        "The centrality of water and the protection of hydric resources.",
        "La centralidad del agua y la protección de los recursos hídricos.",
    ),
    (
        "mining",
        "Mining",
        "Minería",
        "environment-climate",
        "The movement that won the world's first ban on metal mining (2017) and its defenders.",
        "El movimiento que logró la primera prohibición de la minería metálica del mundo (2017) "
        "y sus defensores.",
    ),
    (
        "historical-memory",
        "Historical Memory & US Intervention",
        "Memoria histórica e intervención de EE. UU.",
        None,
        "The civil war (1980–1992), US intervention, repopulation and the defence of human "
        "rights today.",
        "La guerra civil (1980–1992), la intervención de EE. UU., la repoblación y la defensa "
        "de los derechos humanos hoy.",
    ),
    (
        "scholarships-education",
        "Scholarships & Education",
        "Becas y educación",
        None,
        "Scholarship programmes such as DHP (Popular Human Development) and popular education.",
        "Programas de becas como el DHP (Desarrollo Humano Popular) y la educación popular.",
    ),
    (
        "delegations",
        "Delegations",
        "Delegaciones",
        None,
        "Visits between sister communities: accompaniment, friendship and exchange.",
        "Visitas entre comunidades hermanas: acompañamiento, amistad e intercambio.",
    ),
]


# Each seeded theme's address in Spanish (/es/temas/agua/): short, as a reader would type it.
SPANISH_SLUGS = {
    "migration": "migracion",
    "environment-climate": "medio-ambiente-y-clima",
    "water": "agua",
    "mining": "mineria",
    "historical-memory": "memoria-historica",
    "scholarships-education": "becas-y-educacion",
    "delegations": "delegaciones",
}


def fill_spanish_slugs(theme_model):
    """Give the seeded themes their Spanish address where they have none yet and no other
    theme uses it (an editor's own choice is kept). Takes the model as an argument so the
    data migration can pass its historical model."""
    taken = set(theme_model.objects.values_list("slug", flat=True))
    taken |= set(theme_model.objects.exclude(slug_es=None).values_list("slug_es", flat=True))
    for theme in theme_model.objects.filter(slug__in=SPANISH_SLUGS, slug_es=None):
        spanish = SPANISH_SLUGS[theme.slug]
        if spanish not in taken:
            theme.slug_es = spanish
            theme.save(update_fields=["slug_es"])
            taken.add(spanish)


def seed_themes(theme_model):
    """Create missing themes and fill empty translations. Takes the model as an argument so
    the data migration can pass its historical model. Returns {slug: theme}."""
    themes = {}
    for order, (slug, name_en, name_es, parent, description_en, description_es) in enumerate(
        THEMES
    ):
        theme, created = theme_model.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name_en,
                "name_en": name_en,
                "name_es": name_es,
                "description": description_en,
                "description_en": description_en,
                "description_es": description_es,
                "parent": themes.get(parent),
                "sort_order": order,
            },
        )
        if not created:
            # Keep editors' wording; only fill what is still empty.
            changed = False
            for field, value in (
                ("name_es", name_es),
                ("description_en", description_en),
                ("description_es", description_es),
            ):
                if not getattr(theme, field):
                    setattr(theme, field, value)
                    changed = True
            if changed:
                theme.save()
        themes[slug] = theme
    return themes


def ensure_place(slug, name_en, name_es, country, region="", latitude=None, longitude=None):
    """The place with this slug, created with both names if it is missing.
    Returns (place, created); an existing place is left as editors changed it."""
    from archive.models import Place

    return Place.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name_en,
            "name_en": name_en,
            "name_es": name_es,
            "country": country,
            "region": region,
            "latitude": latitude,
            "longitude": longitude,
        },
    )
