"""The English words discovery reasons with: grammar, not a list of entities.

Nothing here names a person, an organisation or a place. These are the function words that
start sentences, the head nouns that make a name an organisation ("... Council") or an event
("... Summit"), the words around a name that say who someone is ("analyst", "said"), and where
a sentence ends. Discovery (people.entities.discovery) and quotation attribution
(articles.citations) share them.
Personal titles come from nameparser's maintained list, less the words that list shares with
ordinary names of states and bodies ("United", "National", "State").
"""

import re
from collections.abc import Iterable

from nameparser.config import CONSTANTS

from people.entities.spans import SpanSet


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words and sentence adverbs: capitalised only because they open a sentence.
STOPWORDS = _words(
    """a about above across after afterwards again against all almost also although always
    among amid an and another any anyone anything are as at be because been before being
    below beneath besides between beyond both but by can could despite did do does doing
    during each either else even ever every everyone everything few following for from
    further furthermore hence her here hers herself him himself his how however if in indeed
    inside instead into is it its itself just last later least less like many may meanwhile
    might more moreover most much must my neither never nevertheless next no nobody none nor
    not nothing now of off often on once one only onto or other others otherwise our ours
    out outside over own per perhaps rather several shall she should since so some someone
    something sometimes soon still such than that the their theirs them themselves then there
    thereby therefore these they this those though through throughout thus to today together
    tomorrow too toward towards under unless unlike until up upon us very via was we well were
    what whatever when whenever where whereas wherever whether which while who whom whose why
    will with within without would yes yesterday yet you your yours yourself"""
)

CALENDAR_WORDS = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday twenties thirties forties fifties sixties seventies eighties nineties"""
)

# Heads that make a capitalised name an organisation: "Libyan National Army", "Bank of England".
ORGANISATION_HEADS = _words(
    """academy administration agency airline airlines airways alliance army assembly
    association authority bank board brigade brigades bureau cabinet caucus centre center
    chamber church club coalition college command commission committee company congress
    conference consortium corporation corps council court courts department directorate
    embassy federation foundation forces force front fund government group guard guards
    holdings hospital house inc initiative institute institution league legion ltd media
    militia ministry movement navy network news newspaper office organisation organization
    parliament partnership party police post press program programme regime school senate
    service services society tribunal trust union university nations observatory
    times journal herald telegraph gazette tribune chronicle monitor economist reuters
    democrats republicans conservatives liberals socialists communists nationalists greens
    rebels militants islamists
    energy brands foods motors systems technologies industries pharmaceuticals partners
    investors labs laboratories studios records entertainment communications telecom
    networks solutions resources petroleum mining insurance forum forums heritage
    administrations commissions councils agencies ministries companies
    """
)

# Heads that make a name an event: "Arab Spring", "Munich Security Conference" is a body
# that meets, but "Summit", "War" and "Games" are things that happen.
EVENT_HEADS = _words(
    """war wars summit olympics games cup championship championships election elections
    referendum revolution uprising spring crisis massacre battle offensive operation
    festival expo talks accord accords treaty agreement protests intifada genocide
    earthquake hurricane storm flood floods ceasefire"""
)

# Heads that make a name a place: "Red Sea", "Gaza Strip", "Horn of Africa".
PLACE_HEADS = _words(
    """sea ocean gulf bay strait straits river lake lakes mountains mountain mount valley
    desert peninsula island islands coast strip bank basin plateau plain plains province
    region governorate district county state city square street avenue airport port
    harbour harbor canal horn highlands delta oasis station circuit pass cape tunnel
    reef falls canyon glacier archipelago"""
)

# Words that open the name of a geographic feature: "Cape Horn", "Mount Kenya", "Lake Chad",
# "Bab el-Mandeb" (Arabic "gate": a strait), "Ras Lanuf" (a cape), "Jebel Akhdar" (a mountain).
PLACE_PREFIXES = _words(
    """cape mount mt lake loch isle isla bab ras jebel jabal djebel wadi sierra monte"""
)

# Roles that, just before a name, say the name is a person's: "leader Yevgeny Prigozhin".
_TITLE_EXCLUSIONS = {
    "united",
    "states",
    "state",
    "us",
    "uk",
    "kingdom",
    "national",
    "security",
    "most",
    "first",
    "high",
    "her",
    "his",
    "me",
    "british",
    "english",
    "federal",
    "royal",
    "saint",
    "sainte",
    "st",
    "grand",
    "supreme",
    "right",
    "rock",
    "blues",
    "army",
    "navy",
    "police",
    "group",
    "district",
    "division",
    "information",
    "intelligence",
    "military",
    "political",
    "social",
    "civil",
    "criminal",
    "legal",
    "law",
    "tax",
    "travel",
    "radio",
    "television",
    "film",
    "opera",
    "ballet",
    "computer",
    "software",
    "strategy",
    "risk",
    "credit",
    "revenue",
    "customs",
    "business",
    "marketing",
    "financial",
    "corporate",
    "technical",
    "model",
    "family",
    "voice",
    "banner",
    "bench",
    "discovery",
    "docket",
    "flag",
    "flying",
    "wing",
    "rear",
    "petty",
    "private",
    "pro",
    "resident",
    "special",
    "staff",
    "theatre",
    "theater",
    "mystery",
    "knowledge",
    "judicial",
    "municipal",
    "hereditary",
    "designated",
    "excellent",
    "met",
    "air",
    "field",
    "senior",
    "superior",
    "classical",
    "comic",
    "biblical",
    "burlesque",
    "behavioral",
    "literary",
    "soccer",
    "baseball",
    "award-winning",
    "celebrity",
    "personality",
    "operating",
    "executive",
    "associate",
    "assoc",
}
_EXTRA_TITLES = _words(
    """marshal analyst analysts spokesperson spokesman spokeswoman official officials
    chairman chairwoman head emir crown defense defence interior affairs minister ministers
    fellow warlord strongman commanders leaders president presidents vice acting interim former
    late ex deputy field general secretary undersecretary chief envoy mp mps mep meps"""
)
TITLE_WORDS = frozenset(
    {title for title in CONSTANTS.titles if title.isalpha() and title not in _TITLE_EXCLUSIONS}
    | _EXTRA_TITLES
)

# Verbs of saying, in the forms news writes them: "said", "says", "adds", "implored". Discovery
# reads a name before one as a person's; quote attribution looks for their subjects.
SPEECH_VERBS = _words(
    """said says say saying told tells tell called calls added adds add noted notes argued
    argues warned warns claimed claims wrote writes explained explains stated states
    insisted insists
    believes believed thinks thought announced announces denied denies admitted admits
    acknowledged acknowledges suggested suggests confirmed confirms commented comments
    described describes asked asks replied replies observed observes remarked remarks
    stressed stresses emphasised emphasises emphasized emphasizes maintained maintains
    predicted predicts concluded concludes declared declares tweeted posted recalled recalls
    labelled labeled dubbed termed characterised characterized responded responds answered
    answers continued continues cautioned cautions contended contends agreed agrees
    implored implores urged urges pleaded pleads begged begs conceded concedes countered
    counters insisted mused muses quipped quips joked jokes shouted shouts whispered
    exclaimed exclaims pointed reported reports testified testifies vowed vows promised
    promises recounted recounts lamented laments complained complains boasted boasts
    admitted added explained wondered wonders reflected reflects reckoned reckons told
    texted emailed wrote proclaimed proclaims mocked mocks revealed reveals assured assures
    retorted retorts sighed reminded reminds quoted"""
)
# Phrases that attribute what follows or precedes them: "according to X", "as X put it".
SPEECH_PHRASES = ("put it", "according to", "in the words of")
# Who speaks for a body without being named: "a spokesperson for the Acme Group".
ROLE_NOUNS = _words(
    """spokesperson spokesman spokeswoman official representative analyst researcher fellow
    director head chief expert"""
)

# Before a bare name, these say it is a place: "floods in Derna", "a visit to Benghazi".
LOCATIVE_PREPOSITIONS = _words(
    "in at near from to into across throughout around outside inside towards toward via"
)
STRICT_LOCATIVE_PREPOSITIONS = _words(
    "in near across throughout around outside inside into towards toward"
)

# Nouns for a kind of place, before "of" and a name: "the town of Hillsborough", "the island
# of Lesbos".
PLACE_CLASS_NOUNS = _words(
    """town towns city cities village villages county state province region district island
    islands port municipality borough suburb neighbourhood neighborhood commune oblast emirate
    kingdom republic"""
)
# Organisation heads that also follow a leader's name without making it a body's name: "the
# Trump administration", "the Assad regime", "the Biden campaign".
LEADER_BODY_NOUNS = _words("administration administrations government regime cabinet campaign")

# A person's epithet, after "the": "Pliny the Elder", "Hans Holbein the Younger".
EPITHETS = _words("elder younger great")

# Lower-case words that may sit inside a name: "Bank of England", "Mohammed bin Salman".
CONNECTORS = _words("of for the on de du des del della da di dos das van von der den")
NAME_PARTICLES = _words("bin ibn bint al el abu de du da di dos das van von der den le la")
# Possessives that belong to a name rather than join two: "People's Republic", "Children's
# Hospital", "Women's Institute".
NAME_POSSESSIVES = _words("people children women men workers veterans citizens farmers")
# Articles of other languages that open the names of newspapers and bands, never a person's
# given name: "El Mundo", "Die Zeit", "Les Échos", "Il Sole".
FOREIGN_ARTICLES = _words("el los las les il der die das het")
# Particles written joined to the name by a hyphen: "al-Assad", "el-Sisi", "ash-Shami".
HYPHENATED_PARTICLES = _words("al el ad an ar as ash at az")

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = _words(
    """mr mrs ms dr st gen lt col maj capt sgt gov sen rep prof jr sr no vs etc inc ltd co
    corp mt ft rev hon adm cmdr brig"""
)


def is_abbreviation(word: str) -> bool:
    """Return whether a full stop right after ``word`` belongs to it ("Gen.", "No. 10", the
    initial in "Khalifa B. Haftar") rather than ending a sentence ("he said no.")."""
    if word == "no":
        return False
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


SENTENCE_END = re.compile(r"[.!?…]+[”\"’»)]*\s+(?=[“\"‘«(]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def sentence_spans(text: str, keep_whole: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the sentences in ``text``: a sentence ends at a full
    stop, question or exclamation mark (with any closing quote) followed by a capital, except
    after an abbreviation or inside one of the ``keep_whole`` spans (quotations)."""
    # A set of spans, not a list scanned at each full stop: a long text with many quotations
    # stays linear.
    protected = SpanSet((qs + 1, qe - 1) for qs, qe in keep_whole)
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if protected.contains_point(match.start()):
            continue
        word = _LAST_WORD.search(text[start : match.start()])
        if word and text[match.start()] == "." and is_abbreviation(word[1]):
            continue
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return [bound for bound in bounds if bound[0] < bound[1]]


# Endings of adjectives and group nouns that are not names: "Kurdish", "Islamic", "Sunnis".
ADJECTIVE_SUFFIXES = ("ish", "ese", "ic", "ics", "ian", "ians", "ean", "eans", "ist", "ists", "ern")

# Words after which a comma phrase describes a person: "Emadeddin Badi, an analyst with ...".
APPOSITIVE_DETERMINERS = _words("a an the its his her their")

# Nouns that introduce the title of a work or a product, which is not an entity of the news:
# "the film Oppenheimer", "the spacecraft Perseverance", "his Violin Concerto".
WORK_NOUNS = _words(
    """film films movie movies series show shows sitcom documentary novel novels book books
    memoir album albums song songs single opera operas play plays musical concerto concertos
    symphony sonata painting poem podcast game video spacecraft rocket probe satellite rover
    telescope ship vessel yacht aircraft jet drone car model phone app brand"""
)

# Acronyms of ordinary vocabulary, not of any organisation, place or person: "TV", "GDP", "CEO".
COMMON_ACRONYMS = _words(
    """tv dna rna gdp gnp ceo cfo coo cto vat ai it pr hiv aids usb pdf faq diy vip rip ok
    ad bc bce ce am pm uk-based id ip url www html sms gps atm suv ufo lgbt lgbtq covid sars
    mp mps mep tba tbc asap fyi aka eta vs rsvp hr qa ipo esg co2 nb ps dj mc mvp ngo ngos
    phd mba bsc ma ba msc md rn eu-wide ev evs cctv dvd cd lcd led"""
)


def word_alternation(words: Iterable[str]) -> str:
    """Return a regular expression matching any of ``words`` (lower case), factored by common
    prefixes ("sa(?:id|ys)"): Python's engine tries a flat alternation's branches one by one
    at every position of a text, so a list of a hundred and fifty verbs scanned sentence by
    sentence over a long article cost seconds; the factored form costs a seventh of that."""
    trie: dict = {}
    for word in words:
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}  # a word ends here

    def render(node: dict) -> str:
        branches = [re.escape(c) + render(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        pattern = "(?:" + "|".join(branches) + ")"
        return pattern + "?" if "" in node else pattern

    return render(trie)
