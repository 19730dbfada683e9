"""How the database engines stem a word in each language (Snowball), with the few
Spanish words Snowball gets wrong in a way a researcher notices.

Snowball reads the shortened adjectives "primer" and "tercer" as infinitives and cuts them
to the stems of "primo" (cousin) and "terco" (stubborn): a search for a cousin found every
"primer año". They are stemmed as their full forms instead ("primero", "tercero"), as the
apocope they are. PostgreSQL applies the same list before its own stemmer (migration
research 0008, `research_spanish_words`).
"""

import snowballstemmer

STEMMERS = {"en": snowballstemmer.stemmer("english"), "es": snowballstemmer.stemmer("spanish")}
# Folded word -> the word Snowball should stem in its place.
FULL_FORMS = {"en": {}, "es": {"primer": "primero", "tercer": "tercero"}}


def stem(word, language):
    """The stem of a folded word (search.query.fold) in `language`."""
    return STEMMERS[language].stemWord(FULL_FORMS[language].get(word, word))
