"""Synthetic bilingual transcripts for benchmarks/segment_search.py: what ten minutes of an
oral-history interview look like to a full-text index, in English and Spanish.

Words are drawn with a Zipf-like frequency (probability ∝ 1 / (rank + 2.7), Zipf–Mandelbrot):
- everyday speech first (function words, which both languages' stop lists drop, then the
  common words of testimonies: people, years, community, water, war, family…);
- then a long tail of names (people, hamlets, rivers), made of syllables, the same in both
  languages: the rare, mostly one-off words a real corpus is full of;
- a tenth of each segment's words come from its topic, one of the archive's themes
  (water, mining, migration, historical memory, education, delegations, environment),
  some as fixed phrases ("water committee" / "comité de agua");
- a few segments mention a rare word several times (cyanide, mimeograph…): rare words are
  bursty, seldom spoken and then repeated, not spread thinly over every segment.
Every entry is an (English, Spanish) pair, so a translated transcript is the same sequence
of entries in the other language, with the same times. Pure Python, no Django.
"""

import math
import random
from dataclasses import dataclass
from itertools import accumulate

# --- Word lists: (English, Spanish), most frequent first ---------------------------------------
FUNCTION = [
    ("the", "el"), ("and", "y"), ("we", "nosotros"), ("to", "a"), ("of", "de"), ("that", "que"),
    ("it", "lo"), ("in", "en"), ("was", "era"), ("they", "ellos"), ("a", "un"), ("I", "yo"),
    ("there", "ahí"), ("but", "pero"), ("so", "entonces"), ("you", "usted"), ("were", "estaban"),
    ("with", "con"), ("for", "para"), ("had", "había"), ("our", "nuestra"), ("not", "no"),
    ("when", "cuando"), ("is", "es"), ("what", "lo que"), ("from", "desde"), ("all", "todos"),
    ("this", "esto"), ("he", "él"), ("she", "ella"), ("my", "mi"), ("on", "sobre"),
    ("because", "porque"), ("then", "luego"), ("well", "bueno"), ("yes", "sí"), ("very", "muy"),
    ("also", "también"), ("them", "les"), ("us", "nos"), ("one", "uno"), ("would", "iba a"),
    ("there was", "había"), ("more", "más"), ("already", "ya"), ("here", "aquí"),
    ("after", "después"), ("before", "antes"), ("again", "otra vez"), ("always", "siempre"),
    ("nothing", "nada"), ("many", "muchos"), ("some", "algunos"), ("who", "quien"),
    ("where", "donde"), ("how", "cómo"), ("until", "hasta"), ("without", "sin"),
]  # fmt: skip
COMMON = [
    ("people", "gente"), ("years", "años"), ("community", "comunidad"), ("went", "fuimos"),
    ("came", "vinieron"), ("said", "dijo"), ("remember", "recuerdo"), ("family", "familia"),
    ("house", "casa"), ("time", "tiempo"), ("war", "guerra"), ("children", "niños"),
    ("mother", "madre"), ("father", "padre"), ("work", "trabajo"), ("land", "tierra"),
    ("village", "pueblo"), ("water", "agua"), ("day", "día"), ("night", "noche"),
    ("know", "sabe"), ("think", "pienso"), ("little", "poco"), ("good", "bueno"),
    ("together", "juntos"), ("organised", "organizamos"), ("committee", "comité"),
    ("church", "iglesia"), ("school", "escuela"), ("road", "camino"), ("hills", "cerros"),
    ("river", "río"), ("corn", "maíz"), ("beans", "frijoles"), ("money", "dinero"),
    ("north", "norte"), ("army", "ejército"), ("soldiers", "soldados"), ("fear", "miedo"),
    ("friends", "amigos"), ("brother", "hermano"), ("sister", "hermana"), ("town", "ciudad"),
    ("help", "ayuda"), ("life", "vida"), ("young", "jóvenes"), ("old", "viejos"),
    ("rain", "lluvia"), ("harvest", "cosecha"), ("memory", "memoria"), ("letters", "cartas"),
    ("visit", "visita"), ("delegation", "delegación"), ("meeting", "reunión"),
    ("priest", "sacerdote"), ("teacher", "maestra"), ("women", "mujeres"), ("men", "hombres"),
    ("neighbours", "vecinos"), ("food", "comida"), ("health", "salud"), ("clinic", "clínica"),
    ("bus", "bus"), ("market", "mercado"), ("field", "milpa"), ("cattle", "ganado"),
    ("morning", "mañana"), ("afternoon", "tarde"), ("week", "semana"), ("month", "mes"),
    ("grandmother", "abuela"), ("grandfather", "abuelo"), ("son", "hijo"), ("daughter", "hija"),
    ("killed", "mataron"), ("left", "se fueron"), ("returned", "regresamos"),
    ("lived", "vivíamos"), ("walked", "caminamos"), ("talked", "platicamos"),
    ("learned", "aprendimos"), ("believe", "creo"), ("hope", "esperanza"), ("peace", "paz"),
    ("justice", "justicia"), ("rights", "derechos"), ("government", "gobierno"),
    ("mayor", "alcalde"), ("election", "elección"), ("radio", "radio"), ("news", "noticias"),
    ("photographs", "fotografías"), ("songs", "canciones"), ("mass", "misa"),
    ("cooperative", "cooperativa"), ("project", "proyecto"), ("sister city", "ciudad hermana"),
    ("El Salvador", "El Salvador"), ("United States", "Estados Unidos"),
    ("Chalatenango", "Chalatenango"), ("Cabañas", "Cabañas"), ("Arcatao", "Arcatao"),
    ("San Salvador", "San Salvador"), ("Madison", "Madison"), ("Santa Marta", "Santa Marta"),
]  # fmt: skip
TOPICS = {
    "water": [
        ("water", "agua"), ("spring", "nacimiento"), ("well", "pozo"), ("drought", "sequía"),
        ("pipes", "tuberías"), ("tank", "tanque"), ("water committee", "comité de agua"),
        ("turns", "turnos"), ("river", "río"), ("Sumpul", "Sumpul"), ("Lempa", "Lempa"),
        ("drinking water", "agua potable"), ("rainy season", "invierno"), ("dry season", "verano"),
        ("reforestation", "reforestación"), ("filter", "filtro"), ("pump", "bomba"),
        ("contaminated", "contaminada"), ("watershed", "cuenca"), ("buckets", "cántaros"),
    ],
    "mining": [
        ("mine", "mina"), ("mining", "minería"), ("gold", "oro"), ("company", "empresa"),
        ("permit", "permiso"), ("consultation", "consulta"), ("ban", "prohibición"),
        ("defenders", "defensores"), ("exploration", "exploración"),
        ("metal mining", "minería metálica"), ("lawsuit", "demanda"), ("arbitration", "arbitraje"),
        ("Pacific Rim", "Pacific Rim"), ("poisoned", "envenenados"), ("arrested", "detenidos"),
        ("prison", "cárcel"), ("environment", "medio ambiente"), ("tunnels", "túneles"),
        ("San Isidro", "San Isidro"),
    ],
    "migration": [
        ("migration", "migración"), ("north", "norte"), ("border", "frontera"),
        ("remittances", "remesas"), ("deported", "deportado"), ("coyote", "coyote"),
        ("Los Angeles", "Los Ángeles"), ("papers", "papeles"), ("asylum", "asilo"),
        ("Mexico", "México"), ("desert", "desierto"), ("send money", "mandar dinero"),
        ("left behind", "se quedaron"), ("phone calls", "llamadas"),
        ("work permit", "permiso de trabajo"), ("detention", "detención"), ("journey", "viaje"),
        ("TPS", "TPS"),
    ],
    "historical-memory": [
        ("war", "guerra"), ("massacre", "masacre"), ("guinda", "guinda"),
        ("refugees", "refugiados"), ("Mesa Grande", "Mesa Grande"), ("repopulation", "repoblación"),
        ("disappeared", "desaparecidos"), ("bombing", "bombardeo"), ("helicopters", "helicópteros"),
        ("guerrilla", "guerrilla"), ("peace accords", "acuerdos de paz"),
        ("human rights", "derechos humanos"), ("Monseñor Romero", "Monseñor Romero"),
        ("Honduras", "Honduras"), ("military", "militares"), ("civil war", "guerra civil"),
        ("exile", "exilio"), ("truth", "verdad"), ("amnesty", "amnistía"),
    ],
    "scholarships-education": [
        ("scholarship", "beca"), ("students", "estudiantes"), ("university", "universidad"),
        ("literacy", "alfabetización"), ("popular school", "escuela popular"),
        ("teachers", "maestros"), ("classes", "clases"), ("notebooks", "cuadernos"),
        ("graduated", "se graduó"), ("study", "estudiar"), ("DHP", "DHP"), ("books", "libros"),
        ("degree", "título"), ("nursing", "enfermería"), ("agronomy", "agronomía"),
    ],
    "delegations": [
        ("delegation", "delegación"), ("sister city", "ciudad hermana"),
        ("accompaniment", "acompañamiento"), ("visitors", "visitantes"), ("CRIPDES", "CRIPDES"),
        ("friendship", "amistad"), ("observers", "observadores"), ("solidarity", "solidaridad"),
        ("translator", "traductor"), ("airport", "aeropuerto"),
        ("shared meal", "comida compartida"), ("exchange", "intercambio"),
        ("committee in Madison", "comité de Madison"), ("letters", "cartas"),
        ("fundraising", "recaudación"),
    ],
    "environment-climate": [
        ("climate", "clima"), ("forest", "bosque"), ("trees", "árboles"), ("storms", "tormentas"),
        ("hurricane", "huracán"), ("landslide", "derrumbe"), ("heat", "calor"),
        ("seeds", "semillas"), ("organic", "orgánico"), ("compost", "abono"),
        ("erosion", "erosión"), ("floods", "inundaciones"), ("climate change", "cambio climático"),
        ("pesticides", "pesticidas"),
    ],
}  # fmt: skip
RARE = [
    ("cyanide", "cianuro"), ("mimeograph", "mimeógrafo"), ("typewriter", "máquina de escribir"),
    ("catechist", "catequista"), ("lithium", "litio"), ("arsenic", "arsénico"),
    ("notary", "notario"), ("harmonica", "armónica"), ("telegram", "telegrama"),
    ("cholera", "cólera"), ("malaria", "paludismo"), ("machete", "machete"),
    ("hammock", "hamaca"), ("tortillas", "tortillas"), ("loudspeaker", "altoparlante"),
    ("generator", "planta eléctrica"), ("ambulance", "ambulancia"), ("wedding", "boda"),
    ("funeral", "velorio"), ("carpenter", "carpintero"), ("midwife", "partera"),
    ("beekeeping", "apicultura"), ("sugarcane", "caña de azúcar"), ("indigo", "añil"),
    ("volcano", "volcán"), ("earthquake", "terremoto"), ("coffee", "café"),
    ("sewing machine", "máquina de coser"), ("bicycle", "bicicleta"), ("guitar", "guitarra"),
    ("football", "fútbol"), ("pupusas", "pupusas"), ("lottery", "lotería"),
    ("consulate", "consulado"), ("passport", "pasaporte"), ("fingerprints", "huellas"),
    ("blindfold", "venda"), ("courthouse", "juzgado"), ("exhumation", "exhumación"),
    ("forensic", "forense"), ("anthropologist", "antropóloga"), ("archive", "archivo"),
    ("cassette", "casete"), ("photocopies", "fotocopias"), ("microphone", "micrófono"),
    ("printing press", "imprenta"), ("embassy", "embajada"), ("bishop", "obispo"),
    ("nuns", "monjas"), ("seminary", "seminario"), ("vaccination", "vacunación"),
    ("dentist", "dentista"), ("pharmacy", "farmacia"), ("orphanage", "orfanato"),
]  # fmt: skip
SYLLABLES = [
    "ca", "lo", "ma", "ri", "te", "sa", "gua", "ar", "el", "qui", "to", "ne", "pa", "ya",
    "chi", "zo", "be", "da", "fu", "le", "mo", "nu", "ra", "si", "ta", "xu", "co", "me",
    "na", "pe", "so", "tu", "ji", "lu", "ba", "ho", "ve", "ru", "ci", "go",
]  # fmt: skip
TOPIC_SHARE = 0.10
RARE_COUNTS = (0, 0, 0, 1, 1, 2)  # how many rare words a segment mentions
SENTENCE_WORDS = (6, 18)


@dataclass
class Segment:
    """One part of a recording: its index (title, synopsis, keywords) and its transcript
    as sentences with times, each as {language: text}."""

    start: int  # seconds from the recording's start
    topic: str  # a theme slug
    title: dict
    synopsis: dict
    keywords: dict
    cues: list  # [(start, end, {language: text})]


def _zipf_weights(count, offset=2.7):
    return list(accumulate(1 / (rank + offset) for rank in range(1, count + 1)))


def _names(count, seed=7):
    """`count` distinct names made of syllables ("Rimato", "Quilesa"), the same in both
    languages: the long tail of rare words (people, hamlets, rivers)."""
    rng = random.Random(f"memoria-transcript-names:{seed}")
    names, seen = [], set()
    while len(names) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
        if name not in seen:
            seen.add(name)
            names.append((name.capitalize(), name.capitalize()))
    return names


class Vocabulary:
    def __init__(self, tail=6000):
        self.general = [*FUNCTION, *COMMON, *_names(tail)]
        self.general_weights = _zipf_weights(len(self.general))
        self.topic_weights = {slug: _zipf_weights(len(words)) for slug, words in TOPICS.items()}
        entries = [*self.general, *RARE, *(word for words in TOPICS.values() for word in words)]
        self.length = {entry: len(entry[0].split()) for entry in entries}  # English words

    def _sentence(self, rng, topic, length):
        """`length` entries, about TOPIC_SHARE of them from the topic's words."""
        topical = int(length * TOPIC_SHARE + rng.random())
        words = rng.choices(self.general, cum_weights=self.general_weights, k=length - topical)
        weights = self.topic_weights[topic]
        for word in rng.choices(TOPICS[topic], cum_weights=weights, k=topical):
            words.insert(rng.randrange(len(words) + 1), word)
        return words

    def _count(self, sentence):
        return sum(map(self.length.__getitem__, sentence))

    def segment(self, rng, start, minutes, words_per_minute, topic):
        """A segment of `minutes` of speech starting at `start` seconds on `topic`."""
        wanted = round(minutes * words_per_minute)
        sentences, count = [], 0
        while count < wanted:
            sentence = self._sentence(rng, topic, rng.randint(*SENTENCE_WORDS))
            sentences.append(sentence)
            count += self._count(sentence)
        for word in rng.sample(RARE, rng.choice(RARE_COUNTS)):
            for _ in range(rng.randint(1, 4)):
                sentence = rng.choice(sentences)
                sentence.insert(rng.randrange(len(sentence) + 1), word)
        # The words fill the segment's minutes exactly: the next one starts where it ends.
        seconds_per_word = minutes * 60 / sum(map(self._count, sentences))
        cues, said = [], 0
        for sentence in sentences:
            begin = start + said * seconds_per_word
            said += self._count(sentence)
            # In milliseconds, as WebVTT keeps them.
            end = start + said * seconds_per_word
            cues.append((round(begin, 3), round(end, 3), _texts(sentence)))
        named = rng.sample(TOPICS[topic], 3)
        title = {
            language: f"{_capital(named[0][index])}, {named[1][index]}"
            for index, language in enumerate(("en", "es"))
        }
        synopsis = _texts(self._sentence(rng, topic, 14) + [named[2]])
        keywords = {
            language: "; ".join(word[index] for word in named)
            for index, language in enumerate(("en", "es"))
        }
        return Segment(int(start), topic, title, synopsis, keywords, cues)


def _capital(text):
    return text[:1].upper() + text[1:]


def _texts(sentence):
    """{language: the sentence written out}."""
    return {
        language: _capital(" ".join(word[index] for word in sentence)) + "."
        for index, language in enumerate(("en", "es"))
    }


def segments_per_recording(recording_minutes, segment_minutes):
    return max(1, math.ceil(recording_minutes / segment_minutes))
