"""Controlled vocabularies the extractors rely on: general knowledge about
film credits, places and criticism, never names from any particular document.
"""

# Phrases that name a crew role, mapped to Credit.Role values. Longest first
# when compiled, so "executive producer" wins over "producer".
ROLE_NOUNS = {
    "writer/director": ("writer", "director"),
    "writer-director": ("writer", "director"),
    "writer and director": ("writer", "director"),
    "director/writer": ("writer", "director"),
    "writer/director/producer": ("writer", "director", "producer"),
    "writer-producer": ("writer", "producer"),
    "director": ("director",),
    "directors": ("director",),
    "co-director": ("director",),
    "co-writer": ("writer",),
    "co-writers": ("writer",),
    "screenwriters": ("writer",),
    "writers": ("writer",),
    "co-producer": ("producer",),
    "co-producers": ("producer",),
    "producers": ("producer",),
    "executive producers": ("executive_producer",),
    "editors": ("editor",),
    "filmmaker": ("director",),
    "film-maker": ("director",),
    "screenwriter": ("writer",),
    "scriptwriter": ("writer",),
    "writer": ("writer",),
    "executive producer": ("executive_producer",),
    "producer": ("producer",),
    "composer": ("composer",),
    "cinematographer": ("cinematographer",),
    "director of photography": ("cinematographer",),
    "dp": ("cinematographer",),
    "dop": ("cinematographer",),
    "editor": ("editor",),
    "film editor": ("editor",),
    "sound designer": ("sound_designer",),
    "production designer": ("production_designer",),
    "costume designer": ("costume_designer",),
    "casting director": ("casting_director",),
}

# "<phrase> by <names>": the work, mapped to the role of whoever did it.
WORK_PHRASES = {
    "directed": ("director",),
    "direction": ("director",),
    "written": ("writer",),
    "co-written": ("writer",),
    "screenplay": ("writer",),
    "script": ("writer",),
    "written and directed": ("writer", "director"),
    "co-directed": ("director",),
    "story": ("writer",),
    "adapted": ("writer",),
    "co-produced": ("producer",),
    "produced": ("producer",),
    "executive produced": ("executive_producer",),
    "executive-produced": ("executive_producer",),
    "edited": ("editor",),
    "editing": ("editor",),
    "cinematography": ("cinematographer",),
    "photography": ("cinematographer",),
    "photographed": ("cinematographer",),
    "shot": ("cinematographer",),
    "camerawork": ("cinematographer",),
    "score": ("composer",),
    "scored": ("composer",),
    "music": ("composer",),
    "soundtrack": ("composer",),
    "composed": ("composer",),
    "sound design": ("sound_designer",),
    "production design": ("production_designer",),
    "costumes": ("costume_designer",),
    "costume design": ("costume_designer",),
    "casting": ("casting_director",),
}

# "<Name> <verb>" / "she <verb>": a person doing a role's work.
ROLE_VERBS = {
    "directed": ("director",),
    "directs": ("director",),
    "wrote": ("writer",),
    "writes": ("writer",),
    "co-wrote": ("writer",),
    "wrote and directed": ("writer", "director"),
    "co-directed": ("director",),
    "co-directs": ("director",),
    "co-writes": ("writer",),
    "produced": ("producer",),
    "produces": ("producer",),
    "co-produced": ("producer",),
    "co-produces": ("producer",),
    "executive produced": ("executive_producer",),
    "executive-produced": ("executive_producer",),
    "executive produces": ("executive_producer",),
    "scored": ("composer",),
    "composed": ("composer",),
    "edited": ("editor",),
}

# Work nouns after a possessive name: "Jane Roe's cinematography".
POSSESSIVE_WORKS = {
    "direction": ("director",),
    "screenplay": ("writer",),
    "script": ("writer",),
    "editing": ("editor",),
    "cinematography": ("cinematographer",),
    "photography": ("cinematographer",),
    "camerawork": ("cinematographer",),
    "camera": ("cinematographer",),
    "score": ("composer",),
    "music": ("composer",),
    "soundtrack": ("composer",),
    "sound design": ("sound_designer",),
    "production design": ("production_designer",),
    "costume design": ("costume_designer",),
    "costumes": ("costume_designer",),
}

# Words that introduce a cast or crew list and are capitalised at the start
# of a sentence ("Starring Jane Roe as ..."): never part of the name after them.
CREDIT_LEAD_WORDS = frozenset(
    """
    starring stars co-starring featuring features introducing cast actor actress
    actors actresses newcomer veteran newcomers co-star co-stars
    director writer producer composer screenwriter editor cinematographer
    filmmaker writer/director writer-director directed written produced edited
    music score cinematography screenplay
    """.split()
)

# Titles that begin a character's name ("Inspector Moreau", "Sheriff Amos
# Hale"): a name starting with one is a character, never a credited person.
CHARACTER_TITLES = frozenset(
    """
    sheriff deputy inspector detective det captain capt officer sergeant sgt
    agent doctor dr professor prof father mother sister brother uncle aunt
    auntie grandma grandpa granny king queen prince princess lord lady sir dame
    mr mrs ms miss madame monsieur mademoiselle mme mlle senor senora signor
    signora herr frau judge colonel general major lieutenant lt commander chief
    reverend rev pastor nurse coach president senator governor mayor count
    countess duke duchess baron baroness emperor empress private corporal
    admiral marshal constable superintendent commissioner abbot bishop
    cardinal pope saint
    """.split()
)

# Nationality adjectives: capitalised, but never places on their own
# ("in American films", "on Irish television").
DEMONYMS = frozenset(
    """
    american british english french german irish italian spanish european
    african asian canadian australian mexican scottish welsh japanese chinese
    indian russian polish swedish danish dutch belgian swiss austrian greek
    turkish brazilian argentinian argentine chilean colombian peruvian cuban
    korean vietnamese thai filipino indonesian iranian iraqi israeli egyptian
    moroccan nigerian kenyan portuguese norwegian finnish icelandic hungarian
    czech slovak romanian bulgarian serbian croatian ukrainian catalan basque
    breton flemish latin hispanic scandinavian nordic arab arabic persian
    hollywood western eastern northern southern
    """.split()
)

# Last words of organisation names, which are not places ("Halvorsen Mining
# Company", "Pyramide Films").
ORGANISATION_HEADS = frozenset(
    """
    company corporation corp inc ltd llc plc group pictures productions
    entertainment films studios' records network networks channel media
    distribution releasing association foundation institute council committee
    party agency fleadh festival awards award prize
    """.split()
)

# Nouns that introduce a character by relation: "her brother, Sean",
# "two sons, Cal and Bo". Value: the description stored on the character.
RELATION_NOUNS = {
    "husband": "husband", "wife": "wife", "partner": "partner",
    "boyfriend": "boyfriend", "girlfriend": "girlfriend", "fiance": "fiancé",
    "fiancee": "fiancée", "lover": "lover", "son": "son", "sons": "son",
    "daughter": "daughter", "daughters": "daughter", "children": "child",
    "child": "child", "kids": "child", "kid": "child", "baby": "child",
    "mother": "mother", "father": "father", "mum": "mother", "mom": "mother",
    "dad": "father", "brother": "brother", "sister": "sister",
    "grandmother": "grandmother", "grandfather": "grandfather",
    "friend": "friend", "neighbour": "neighbour", "neighbor": "neighbor",
    "colleague": "colleague", "boss": "boss", "man": "man", "woman": "woman",
    "boy": "boy", "girl": "girl", "stranger": "stranger",
    "photographer": "photographer", "detective": "detective",
    "teacher": "teacher", "doctor": "doctor", "lady": "woman",
}  # fmt: skip

# Head nouns of place names (the last word, lower-cased) and the kind they imply.
PLACE_HEADS = {
    "station": "station", "terminal": "station", "airport": "station",
    "museum": "museum", "gallery": "museum", "musée": "museum", "museo": "museum",
    "garden": "park", "gardens": "park", "park": "park", "jardin": "park",
    "forest": "park", "woods": "park", "common": "park", "heath": "park",
    "bridge": "bridge", "pont": "bridge", "river": "water", "lake": "water",
    "loch": "water", "canal": "water", "sea": "water", "bay": "water",
    "harbour": "water", "harbor": "water", "beach": "water", "coast": "water",
    "street": "street", "road": "street", "avenue": "street",
    "boulevard": "street", "lane": "street", "walk": "street", "way": "street",
    "square": "street", "place": "street", "rue": "street", "embankment": "street",
    "arrondissement": "district", "district": "district", "borough": "district",
    "quarter": "district", "neighbourhood": "district", "area": "district",
    "county": "region", "province": "region", "state": "region",
    "region": "region", "valley": "region", "island": "region",
    "suburb": "district", "ward": "district",
    "peninsula": "region", "mountains": "region", "range": "region",
    "canyon": "region", "desert": "region", "highlands": "region",
    "port": "water", "dock": "venue", "docks": "venue", "quay": "street",
    "wharf": "venue", "marina": "water", "lighthouse": "venue",
    "courthouse": "venue", "ranch": "venue", "mine": "venue", "quarry": "venue",
    "mill": "venue", "factory": "venue", "warehouse": "venue", "shipyard": "venue",
    "cemetery": "venue", "chapel": "venue", "temple": "venue", "mosque": "venue",
    "synagogue": "venue", "monastery": "venue", "convent": "venue",
    "basilica": "venue", "motel": "venue", "inn": "venue", "arena": "venue",
    "mall": "venue", "opera": "venue", "cinema": "venue", "airfield": "station",
    "promenade": "street", "drive": "street", "crescent": "street",
    "terrace": "street", "plaza": "street", "piazza": "street",
    "market": "venue", "nursery": "venue", "school": "venue",
    "hospital": "venue", "church": "venue", "cathedral": "venue",
    "abbey": "venue", "castle": "venue", "palace": "venue", "hotel": "venue",
    "theatre": "venue", "theater": "venue", "studios": "venue",
    "studio": "venue", "hall": "venue", "house": "venue", "tower": "venue",
    "centre": "venue", "center": "venue", "stadium": "venue", "college": "venue",
    "university": "venue", "library": "venue", "pier": "venue",
    "manor": "venue", "farm": "venue", "estate": "venue", "prison": "venue",
    "gare": "station", "city": "city", "town": "city", "village": "city",
}  # fmt: skip

# Lower-case words that may follow a capitalised place name and belong to it
# ("Kestrel Junction railway station", "the Marais quarter").
PLACE_TRAILING_NOUNS = (
    "railway station",
    "train station",
    "tube station",
    "station",
    "arrondissement",
    "district",
    "area",
    "market",
    "bridge",
    "river",
    "garden",
    "gardens",
    "park",
    "museum",
    "square",
    "street",
    "quarter",
    "neighbourhood",
    "neighborhood",
    "peninsula",
    "estate",
    "harbour",
    "harbor",
    "beach",
    "valley",
    "mountains",
)

# Words that, when a place name begins with them, say it is a water body.
PLACE_LEADS = {"river": "water", "lake": "water", "mount": "region", "gare": "station"}

# Foreign words of place names with their English equivalents, so that
# "Jardin des Plantes" and "Plantes Garden" compare equal.
PLACE_GLOSSARY = {
    "musee": "museum", "museo": "museum", "jardin": "garden", "jardim": "garden",
    "giardino": "garden", "garten": "garden", "gare": "station",
    "estacion": "station", "stazione": "station", "bahnhof": "station",
    "pont": "bridge", "puente": "bridge", "ponte": "bridge", "brucke": "bridge",
    "rue": "street", "calle": "street", "strasse": "street", "via": "street",
    "place": "square", "plaza": "square", "piazza": "square", "platz": "square",
    "eglise": "church", "iglesia": "church", "chiesa": "church",
    "kirche": "church", "cathedrale": "cathedral", "catedral": "cathedral",
    "chateau": "castle", "castillo": "castle", "castello": "castle",
    "palais": "palace", "palacio": "palace", "palazzo": "palace",
    "national": "national", "nacional": "national", "nazionale": "national",
    "moyen": "middle", "age": "ages", "ages": "ages", "nord": "north",
    "sud": "south", "est": "east", "ouest": "west", "vieux": "old",
    "grand": "great", "gran": "great", "lac": "lake", "lago": "lake",
    "mont": "mount", "monte": "mount", "ile": "island", "isla": "island",
    "isola": "island", "bois": "wood", "parc": "park", "parque": "park",
    "parco": "park",
}  # fmt: skip

# Words dropped when comparing place names.
PLACE_STOPWORDS = frozenset(
    "the of de du des la le les el los las del della di da der die das "
    "and et y e the railway train".split()
)

COUNTRIES = frozenset(
    """
    afghanistan albania algeria argentina armenia australia austria belgium
    bolivia brazil bulgaria cambodia canada chile china colombia croatia cuba
    cyprus czechia denmark ecuador egypt england estonia ethiopia finland france
    georgia germany ghana greece hungary iceland india indonesia iran iraq
    ireland israel italy jamaica japan jordan kenya korea latvia lebanon
    lithuania luxembourg malaysia malta mexico morocco nepal netherlands
    nigeria norway pakistan peru philippines poland portugal romania russia
    scotland senegal serbia singapore slovakia slovenia spain sweden switzerland
    syria taiwan thailand tunisia turkey ukraine uruguay venezuela vietnam wales
    britain scandinavia holland
    """.split()
)

# Review aggregators and how prose names them.
AGGREGATORS = {
    "metacritic": "Metacritic",
    "rotten tomatoes": "Rotten Tomatoes",
    "imdb": "IMDb",
    "letterboxd": "Letterboxd",
    "allocine": "AlloCiné",
    "allociné": "AlloCiné",
    "cinemascore": "CinemaScore",
}
# Which aggregator publishes an unattributed "critics consensus".
CONSENSUS_PUBLISHER = "Rotten Tomatoes"

# Controlled theme vocabulary: theme name -> stems whose presence tags a review.
# General terms of film criticism only, never phrases of particular documents.
THEMES = {
    "Marriage and relationships": (
        "marriage", "married", "husband", "wife", "spouse", "couple", "divorce",
        "affair", "relationship",
    ),
    "Motherhood and family": (
        "mother", "motherhood", "children", "child", "kids", "family", "parent",
        "father", "daughter", "son",
    ),
    "Freedom and escape": (
        "freedom", "escape", "liberat", "autonomy", "independence", "emancipat",
    ),
    "Identity and self-discovery": (
        "identity", "self-discovery", "authentic", "selfhood", "belonging",
        "self-image",
    ),
    "Gender roles": (
        "gender", "feminis", "patriarch", "sexism", "sexist", "masculin",
        "feminin", "misogyn",
    ),
    "Domestic routine": (
        "domestic", "household", "suburb", "chores", "homemaker", "routine",
        "housewife",
    ),
    "Mental health": (
        "depress", "anxiety", "breakdown", "trauma", "therapy", "despair",
        "mental health", "mental illness",
    ),
    "Art and beauty": (
        "artist", "painting", "museum", "gallery", "poetry", "sculpt", "beauty",
    ),
    "Travel and place": ("travel", "journey", "trip", "abroad", "city"),
    "Love and desire": ("love", "desire", "romance", "romantic", "passion", "sexual"),
    "Class and money": ("working-class", "class", "wealth", "money", "poverty"),
    "Violence and crime": ("violence", "murder", "crime", "gun", "police", "kill"),
    "Grief and loss": ("grief", "mourning", "loss", "death", "bereave"),
    "Coming of age": ("coming-of-age", "adolescen", "teenage", "growing up"),
    "War and politics": ("war", "soldier", "politic", "government", "army"),
}  # fmt: skip


# --- Cast and crew: credit lines, cast lists, name shapes ---------------------
# (people/; general conventions of credits, never names of any document)

# Labels of credit lines ("Director: X", "DoP ..... X", "Music by X") that are
# not already role nouns or "<work> by" phrases: abbreviations and variants of
# press kits and festival catalogues. Keys are lower-case, without full stops.
CREDIT_LABEL_ABBREVIATIONS = {
    "dir": ("director",),
    "written & directed by": ("writer", "director"),
    "writer & director": ("writer", "director"),
    "scr": ("writer",),
    "prod": ("producer",),
    "producer(s)": ("producer",),
    "exec producer": ("executive_producer",),
    "exec producers": ("executive_producer",),
    "camera": ("cinematographer",),
    "ed": ("editor",),
    "original music": ("composer",),
    "original music by": ("composer",),
    "original score": ("composer",),
    "original score by": ("composer",),
    "prod des": ("production_designer",),
    "cost des": ("costume_designer",),
    "costume des": ("costume_designer",),
}

# Labels of credit lines that list the cast ("Cast: A, B", "Stars: A, B").
CAST_LABELS = frozenset(
    {"cast", "stars", "starring", "with", "voices", "voice cast", "main cast",
     "featuring"}
)  # fmt: skip

# Headings over a list of the cast, one actor a line ("CAST", "Voice cast").
CAST_HEADINGS = frozenset(
    {
        "cast",
        "the cast",
        "main cast",
        "principal cast",
        "voice cast",
        "voices",
        "cast list",
        "starring",
        "cast and characters",
        "cast in order of appearance",
        "cast and crew",
        "credits",
        "full credits",
    }
)

# Labels of catalogue lines and headings about business, not people ("World
# Sales: ...", "PRESS CONTACT"): the names under them are companies, agents and
# addresses. Matched on the label's last word; headings (no colon) on the
# shorter list, since "Production" also heads an article's prose section.
BUSINESS_LABEL_WORDS = frozenset(
    """
    sales distribution distributor distributors press contact contacts publicity
    company companies production country countries year language languages
    runtime time format premiere status screenings screening certificate rating
    support partners partner agency representation
    """.split()
)
BUSINESS_HEADING_WORDS = frozenset(
    "sales distribution distributor press contact contacts publicity "
    "representation".split()
)

# Lower-case particles inside personal names, beyond text.NAME_PARTICLE:
# Welsh "ap", Catalan "i", Dutch "'t", Irish "ní"/"nic" (when written small).
EXTRA_NAME_PARTICLES = ("ap", "ab", "i", "'t", "ten", "ní", "nic", "mac", "ui")

# Words of organisation names ("Rivage International", "Kumo Sales"): never in
# a personal name (a person cast list or credit line never holds them).
ORGANISATION_WORDS = frozenset(
    """
    films filmes filmproduktion pictures productions produccions producciones
    international sales distribution distribuidora media studios studio
    entertainment gmbh ltd inc llc plc sarl srl company co corporation group
    releasing talkies animation animasyon network channel fund foundation
    institute academy society council agency pr
    """.split()
)

# Honorifics of other languages that begin a character's name ("Dona Zilda",
# "Kaptan Rıza"); CHARACTER_TITLES holds the English ones.
CHARACTER_HONORIFICS = frozenset(
    """
    dona seu capitana capitan capitán kaptan madam mama papa tio tia
    """.split()
)

# Nouns for a person in a story ("her fiancé (Actor)", "the priest (Actor)"):
# an actor's name in brackets after one is a casting, without a character.
PERSON_NOUNS = frozenset(
    """
    priest cousin landlord landlady hero heroine villain fiance fiancé fiancee
    fiancée husband wife son daughter mother father brother sister uncle aunt
    grandmother grandfather grandson granddaughter nephew niece friend boss
    neighbour neighbor lover girlfriend boyfriend partner sheriff inspector
    detective doctor teacher widow widower stranger captain comandante
    """.split()
)
