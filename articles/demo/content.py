"""The demo newsroom's text: sections, authors, entities and pieces, all written for this
project. The people quoted and the institutes they work for are fictional (their descriptions
say so); sources point at example.org. Nothing here is meant as reporting."""

from dataclasses import dataclass, field

SECTIONS = [
    # name, slug, description
    (
        "Middle East and North Africa",
        "mena",
        "Politics, security and economies from Rabat to Tehran.",
    ),
    ("Africa", "africa", "The Sahel, the Horn and the continent's institutions."),
    ("Economy", "economy", "Money, trade and the institutions that manage them."),
    ("Climate and resources", "climate", "Water, energy and land, and who controls them."),
    ("Europe", "europe", "The European Union and its neighbourhood."),
]

AUTHORS = [
    # name, slug, bio, username, headshot (background, skin, clothing)
    (
        "Mara Okafor",
        "mara-okafor",
        "Mara Okafor covers North Africa and the Sahel, with a focus on security and aid.",
        "writer",
        ((214, 226, 233), (141, 94, 66), (38, 70, 83)),
    ),
    (
        "Tomas Lindqvist",
        "tomas-lindqvist",
        "Tomas Lindqvist writes on trade, sanctions and the politics of central banks.",
        None,
        ((236, 226, 208), (232, 196, 170), (90, 60, 50)),
    ),
    (
        "Idris Benali",
        "idris-benali",
        "Idris Benali reports on energy, water and the Mediterranean from Tunis.",
        None,
        ((220, 232, 214), (190, 140, 100), (60, 60, 90)),
    ),
]

PERSON, ORGANISATION, PLACE, OTHER = "person", "organisation", "place", "other"

ENTITIES = [
    # name, slug, kind, aliases, description
    ("Sahel", "sahel", PLACE, [], "The semi-arid belt south of the Sahara, from Senegal to Sudan."),
    (
        "Persian Gulf",
        "persian-gulf",
        PLACE,
        ["Gulf"],
        "The shallow sea between the Arabian Peninsula and Iran, and the states around it.",
    ),
    (
        "Red Sea",
        "red-sea",
        PLACE,
        [],
        "The sea between Africa and Arabia, joined to the Mediterranean by the Suez Canal.",
    ),
    (
        "Bab el-Mandeb",
        "bab-el-mandeb",
        PLACE,
        ["Bab al-Mandab"],
        "The strait at the southern end of the Red Sea, between Yemen and Djibouti.",
    ),
    (
        "Suez Canal",
        "suez-canal",
        PLACE,
        [],
        "The Egyptian canal linking the Mediterranean and the Red Sea.",
    ),
    (
        "Nile",
        "nile",
        PLACE,
        ["River Nile"],
        "The river shared by eleven countries, lifeline of Egypt and Sudan.",
    ),
    ("Libya", "libya", PLACE, [], "North African state with Africa's largest proven oil reserves."),
    ("Egypt", "egypt", PLACE, [], "The Arab world's most populous country."),
    (
        "Ethiopia",
        "ethiopia",
        PLACE,
        [],
        "Landlocked state in the Horn of Africa, source of the Blue Nile.",
    ),
    (
        "Morocco",
        "morocco",
        PLACE,
        [],
        "North African kingdom on the Atlantic and the Mediterranean.",
    ),
    ("Tunisia", "tunisia", PLACE, [], "The smallest state of the Maghreb."),
    ("Mali", "mali", PLACE, [], "Landlocked Sahelian state, on the Niger river."),
    (
        "African Union",
        "african-union",
        ORGANISATION,
        ["AU"],
        "The union of the continent's 55 states, seated in Addis Ababa.",
    ),
    (
        "Economic Community of West African States",
        "ecowas",
        ORGANISATION,
        ["ECOWAS"],
        "The regional bloc of West African states.",
    ),
    ("European Union", "european-union", ORGANISATION, ["EU"], "The union of 27 European states."),
    (
        "International Monetary Fund",
        "imf",
        ORGANISATION,
        ["IMF"],
        "The lender of last resort to governments in balance-of-payments trouble.",
    ),
    (
        "National Oil Corporation",
        "national-oil-corporation",
        ORGANISATION,
        ["NOC"],
        "Libya's state oil company, the country's main source of revenue.",
    ),
    (
        "Grand Ethiopian Renaissance Dam",
        "gerd",
        OTHER,
        ["GERD", "Renaissance Dam"],
        "Hydroelectric dam on the Blue Nile in western Ethiopia.",
    ),
    ("Sudan", "sudan", PLACE, [], "The state on the Nile between Egypt and South Sudan."),
    ("Bamako", "bamako", PLACE, [], "The capital of Mali."),
    (
        "Mediterranean Sea",
        "mediterranean",
        PLACE,
        ["Mediterranean"],
        "The sea between Europe, North Africa and the Levant.",
    ),
    (
        "Cape of Good Hope",
        "cape-of-good-hope",
        PLACE,
        [],
        "The headland at Africa's southern tip, on the long route between Asia and Europe.",
    ),
    ("Black Sea", "black-sea", PLACE, [], "The inland sea between Europe and Anatolia."),
    # Fictional people and institutes, quoted in the demo pieces.
    (
        "Amina Diallo",
        "amina-diallo",
        PERSON,
        ["Diallo"],
        "Security researcher at the Sahel Security Forum (a fictional person, for the demo).",
    ),
    (
        "Sahel Security Forum",
        "sahel-security-forum",
        ORGANISATION,
        [],
        "Research institute on conflict in the Sahel (fictional, for the demo).",
    ),
    (
        "Karim Haddad",
        "karim-haddad",
        PERSON,
        ["Haddad"],
        "Shipping economist at the Levant Maritime Council (a fictional person, for the demo).",
    ),
    (
        "Levant Maritime Council",
        "levant-maritime-council",
        ORGANISATION,
        [],
        "Association of shipowners and insurers (fictional, for the demo).",
    ),
    (
        "Selam Tesfaye",
        "selam-tesfaye",
        PERSON,
        ["Tesfaye"],
        "Hydrologist at the Horn of Africa Water Institute (a fictional person, for the demo).",
    ),
    (
        "Horn of Africa Water Institute",
        "horn-of-africa-water-institute",
        ORGANISATION,
        [],
        "Research centre on shared rivers (fictional, for the demo).",
    ),
    (
        "Youssef Amrani",
        "youssef-amrani",
        PERSON,
        ["Amrani"],
        "Energy analyst at the Maghreb Energy Observatory (a fictional person, for the demo).",
    ),
    (
        "Maghreb Energy Observatory",
        "maghreb-energy-observatory",
        ORGANISATION,
        [],
        "Think tank on North African power markets (fictional, for the demo).",
    ),
    (
        "Leila Mansour",
        "leila-mansour",
        PERSON,
        ["Mansour"],
        "Former reserve manager, now a fellow at the Gulf Monetary Studies Centre (a fictional "
        "person, for the demo).",
    ),
    (
        "Gulf Monetary Studies Centre",
        "gulf-monetary-studies-centre",
        ORGANISATION,
        [],
        "Research centre on central banking (fictional, for the demo).",
    ),
]


@dataclass
class Picture:
    palette: str
    motif: str
    alt: str
    caption: str
    credit: str = "Illustration: Newsroom demo"


@dataclass
class Source:
    """A document cited by a footnote: the body links a passage to ``#source-N`` (N counting
    from 1 in this list), replaced by the citation's own anchor once it exists."""

    title: str
    publisher: str
    url: str
    published: str  # ISO date


@dataclass
class DemoArticle:
    slug: str
    title: str
    dek: str
    section: str
    authors: list[str]
    body: str
    tags: list[str] = field(default_factory=list)
    # "published", "scheduled" (goes live in the future), "changes_requested" or "draft".
    state: str = "published"
    days_ago: int = 0  # for published pieces; for a scheduled piece, days from now
    picture: Picture | None = None
    sources: list[Source] = field(default_factory=list)
    # Where the quotations' words were checked: (title, publisher), for the editor's verification.
    interview: tuple[str, str] | None = None
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    change_request: str = ""


ARTICLES = [
    DemoArticle(
        slug="desalination-gulf-water-politics",
        title="Desalination is quietly rewriting the Gulf's water politics",
        dek=(
            "Plants that turn seawater into drinking water free states from rivers and aquifers, "
            "but they concentrate a nation's thirst in a handful of coastal targets."
        ),
        section="climate",
        authors=["mara-okafor"],
        tags=["Water", "Energy", "Gulf"],
        days_ago=1,
        picture=Picture(
            "sea",
            "plant",
            "Square desalination buildings on a low coast under a pale sun, the sea striped "
            "with intake channels.",
            "Coastal plants now supply most of the drinking water in several Gulf capitals.",
        ),
        sources=[
            Source(
                "Water supply and critical infrastructure around the Gulf",
                "Example Water Review",
                "https://example.org/reports/gulf-desalination",
                "2025-03-14",
            )
        ],
        interview=("Interview with Leila Mansour", "Newsroom demo"),
        corrections=[
            (
                "update",
                "Added the response of the Gulf Monetary Studies Centre on the cost of storage.",
            )
        ],
        body="""
<p>For most of history, a state's water came from wherever its rivers and aquifers happened to
be. Desalination breaks that link. A coastline, cheap energy and capital are now enough to supply
a city of millions, and the states around the Persian Gulf that have all three are building
plants faster than ever.</p>
<p>The gain is real. Cities that once rationed water in summer now grow, irrigate parks and run
industries that would have been unthinkable a generation ago. Groundwater that was being mined
faster than rain could refill it has been given some respite.</p>
<h2>From scarcity to dependency</h2>
<p>But the supply that used to be spread across thousands of wells and springs is now concentrated
in a few large plants, each one a single point of failure. <a href="#source-1">Several capitals
hold only a few days of drinking water in reserve</a>. An oil spill near an intake, a cyberattack
on a control system or a missile aimed at the coast could cut a city's water within days.</p>
<p>“We spent forty years making water abundant and almost no time making it resilient,” said
Leila Mansour, a fellow at the Gulf Monetary Studies Centre, who has studied what the plants cost
the states that run them. Storage, she argues, is cheap compared with the price of a week without
water.</p>
<blockquote><p>Water security used to be a question of geography. Increasingly it is a question
of engineering and air defence.</p></blockquote>
<h2>Energy is the other half</h2>
<p>Most plants still burn gas or oil, either directly or through the grid. That ties the water
supply to the energy supply and to the price of fuel, and it adds to emissions in a region that
is already among the hottest on earth. Newer plants use membranes and electricity rather than
heat, and some are paired with large solar farms.</p>
<p>The brine left behind is a quieter problem. It is returned to a shallow, enclosed sea that
exchanges its water with the ocean only slowly, and the concentration near outfalls is rising.
Fisheries and coral reefs close to the plants are the first to notice.</p>
<h2>Who pays</h2>
<p>Water from the sea is expensive to make and cheap to buy. Most Gulf governments sell it to
households far below its cost, which keeps consumption among the highest in the world and leaves
little incentive to fix leaking networks. Reformers argue that prices should rise gradually, with
help for poorer households; governments remember that water bills are among the most visible
prices a state sets, and move slowly.</p>
<p>There is also a regional dimension. Plants on opposite shores of the same shallow sea draw on
the same water and return their brine to it. A spill, an accident or a conflict on one side could
force plants on the other to shut. So far, cooperation on monitoring has been informal and
patchy, although the interests of neighbours are closer here than on almost any other issue.</p>
<h2>What to watch</h2>
<ul>
<li>Whether governments invest in storage that can carry a city through a week-long outage.</li>
<li>How quickly solar-powered plants replace those burning gas and oil.</li>
<li>Whether brine discharge becomes a diplomatic issue between neighbours sharing shallow seas.</li>
</ul>
<p>None of this argues against desalination. It argues for treating it as critical
infrastructure, with the redundancy and protection that implies, and for counting its costs in
the same breath as its benefits.</p>
""",
    ),
    DemoArticle(
        slug="central-banks-gold-reserves",
        title="Why central banks are buying gold again",
        dek=(
            "Purchases by emerging-market central banks are at a multi-decade high. The motive is "
            "less about returns than about what can and cannot be frozen."
        ),
        section="economy",
        authors=["tomas-lindqvist"],
        tags=["Sanctions", "Central banks"],
        days_ago=3,
        picture=Picture(
            "gold",
            "bars",
            "Rows of golden bars of different heights against a dark brown background.",
            "Reserve managers are adding bullion to what they hold at home.",
        ),
        interview=("Interview with Leila Mansour", "Newsroom demo"),
        sources=[
            Source(
                "Official sector gold purchases: an annual review",
                "Example Metals Bulletin",
                "https://example.org/reviews/official-gold",
                "2025-01-30",
            )
        ],
        body="""
<p>Gold pays no interest, costs money to store and is awkward to move. For decades central banks
treated it as a relic and sold it when they could. That has changed, and the reason is
<strong>sanctions</strong> more than inflation.</p>
<h2>Reserves that cannot be switched off</h2>
<p>When reserves held as foreign bonds and deposits can be immobilised by the issuing country,
their value as insurance depends on staying on good terms with that country. Bullion held at home
has no such condition attached. For governments that expect to disagree with Western capitals,
that is worth the cost of storage. <a href="#source-1">Official purchases have run well above
their long-term average for several years in a row</a>.</p>
<p>“A reserve you cannot use in the crisis you are insuring against is not a reserve,” said Leila
Mansour of the Gulf Monetary Studies Centre, who managed reserves for a central bank for a
decade. The calculation, she says, is no longer about yield but about who holds the keys.</p>
<h2>Who is buying</h2>
<p>The buyers are a diverse group: large emerging economies with big reserves, smaller states that
hold most of their savings abroad, and a few that have already had assets frozen. What they share
is a wish to keep part of their savings outside any single jurisdiction. Few say so openly; the
purchases show up in the statistics months later.</p>
<h2>Where the gold is kept</h2>
<p>Buying gold is only half the decision; the other half is where to keep it. For decades many
central banks left their bars in the vaults of a few financial centres, where they could be lent,
swapped or sold at short notice. A growing number have moved part of their holdings home, at
considerable expense, precisely because a vault abroad is subject to the same politics as a
deposit abroad.</p>
<p>Repatriation is slow and discreet. Bars are counted, insured and flown in batches, and the
operation is usually announced only once it is complete. It is also a signal: a government that
brings its gold home is telling markets, and other governments, that it is preparing for the
possibility of a serious disagreement.</p>
<h2>Limits of the strategy</h2>
<ol>
<li>Gold is hard to spend in a crisis without a counterparty willing to buy it.</li>
<li>Large purchases move the price against the buyer.</li>
<li>Reserves at home are only as safe as the institutions guarding them.</li>
</ol>
<p>The International Monetary Fund has warned that a reserve system fragmenting into blocs would be
less efficient for everyone. That is true, and beside the point for a finance ministry that fears
being on the wrong side of the next freeze.</p>
<p>The shift is therefore gradual: a hedge, not an exit from the dollar system. But it is a
measurable sign that the weaponisation of finance has a price, paid in the slow erosion of trust
in the reserve currencies themselves.</p>
""",
    ),
    DemoArticle(
        slug="sahel-patrons-small-states",
        title="In the Sahel, small states are learning to court many patrons",
        dek=(
            "Governments that once relied on a single security partner now balance several, "
            "trading access and contracts for protection and recognition."
        ),
        section="africa",
        authors=["mara-okafor", "tomas-lindqvist"],
        tags=["Sahel", "Security", "Diplomacy"],
        days_ago=6,
        picture=Picture(
            "desert",
            "dunes",
            "Low dunes in ochre light under a large pale sun.",
            "Much of the Sahel's security now rests on several partners at once.",
        ),
        interview=("Interview with Amina Diallo", "Newsroom demo"),
        sources=[
            Source(
                "Foreign security partnerships in the central Sahel",
                "Example Security Review",
                "https://example.org/sahel/partnerships",
                "2025-02-10",
            ),
            Source(
                "Mining concessions and state revenue in West Africa",
                "Example Resource Watch",
                "https://example.org/mining/concessions",
                "2024-11-05",
            ),
        ],
        corrections=[
            (
                "correction",
                "An earlier version said the regional bloc had suspended four members; it "
                "suspended three.",
            )
        ],
        body="""
<p>A decade ago the security of much of the Sahel rested on one foreign partner. Today the same
capitals host delegations from several powers in a single month, and their leaders speak openly
of <em>diversifying</em> their partnerships.</p>
<h2>Leverage through choice</h2>
<p>Courting many patrons raises the price of each one's support. A government that can credibly
turn elsewhere can ask for more: equipment without conditions, silence on elections, investment
in mines and ports. <a href="#source-1">Patrons, competing with each other, often pay</a>.</p>
<p>“Every delegation that lands in Bamako knows there is another one booked for next week,” said
Amina Diallo, a researcher at the Sahel Security Forum. In Mali, she says, officials have learned
to let each partner know it is not the only one.</p>
<h2>The costs fall on citizens</h2>
<p>The bargain is struck between governments, and its costs are borne by the governed. Private
military contractors answer to those who pay them, not to local courts. <a href="#source-2">Mining
concessions signed in haste are hard to renegotiate</a>. And when patrons compete for a
government's favour, none of them has much incentive to press it on human rights.</p>
<p>The Economic Community of West African States has tried sanctions and suspensions, with little
effect on governments that found support elsewhere. Three members suspended by the bloc have since
announced that they will leave it altogether, and the African Union has struggled to find a role
between the two sides.</p>
<h2>Why the old model failed</h2>
<p>The single-partner arrangement did not collapse only because rivals arrived. Years of
operations had not stopped the spread of armed groups, and many citizens came to see the foreign
presence as part of the problem. Governments that asked the old partner to leave were often
applauded at home, whatever the security consequences.</p>
<p>The new partners promise fewer conditions and faster results. They have delivered the first
more reliably than the second. Attacks on civilians have continued, and in some regions worsened,
while the governments that invited the newcomers have tightened their control over the press and
postponed elections.</p>
<h2>What could change the pattern</h2>
<p>Diallo sees two ways out. “Either the region agrees on rules for foreign forces, or each capital
keeps negotiating alone and selling a little more each time,” she said. The first requires the
regional bloc and the capitals that left it to talk again; the second is the path of least
resistance.</p>
<p>The question for the coming years is whether regional bodies can set common rules for foreign
security partners, or whether each capital will continue to negotiate alone. For the people of the
Sahel, the answer will matter more than the name of the next patron.</p>
""",
    ),
    DemoArticle(
        slug="red-sea-shipping-insurance",
        title="The Red Sea's real toll is paid in insurance premiums",
        dek=(
            "Few ships have been hit, but war-risk cover has made the short route through the "
            "Bab el-Mandeb too expensive for many owners."
        ),
        section="mena",
        authors=["tomas-lindqvist"],
        tags=["Shipping", "Trade", "Insurance"],
        days_ago=2,
        picture=Picture(
            "dusk",
            "ship",
            "A container ship silhouetted on a calm sea at dusk, stacked with coloured boxes.",
            "Container lines have sent many ships around Africa instead.",
        ),
        interview=("Interview with Karim Haddad", "Newsroom demo"),
        sources=[
            Source(
                "War-risk premiums for Red Sea transits",
                "Example Marine Insurance Journal",
                "https://example.org/marine/war-risk",
                "2025-04-02",
            )
        ],
        body="""
<p>Most of the ships that sail through the Red Sea arrive unharmed. Yet the number making the
passage has fallen sharply, and the reason is found less on the water than in the offices of the
underwriters who insure hulls and cargoes.</p>
<h2>A premium on every voyage</h2>
<p>War-risk insurance is bought per voyage, priced as a share of the ship's value. When attacks
near the Bab el-Mandeb began, <a href="#source-1">that share rose many times over within
weeks</a>. For a large container ship the extra cost of one transit can approach the saving the
short route was meant to bring.</p>
<p>“Owners do not need to be hit to change course; they only need to be quoted,” said Karim
Haddad, a shipping economist at the Levant Maritime Council. Once crews, charterers and cargo
owners add their own conditions, he says, the detour around the Cape of Good Hope becomes the
simpler choice.</p>
<h2>Who pays for the long way round</h2>
<p>The detour adds between one and two weeks to a voyage between Asia and Europe, burns more fuel
and ties up more ships for the same trade. Freight rates rose accordingly. Egypt pays twice: the
Suez Canal earns less in fees, and the country's imports cost more.</p>
<p>Ports on the Red Sea's shores have lost traffic to those on the Atlantic and the
Mediterranean. Some of it may not come back, as lines reorganise their networks around the new
routes.</p>
<h2>Winners and losers</h2>
<p>Not everyone loses from the detour. Shipowners with spare capacity earned more as voyages
lengthened and rates rose, and ports on the route around Africa handled unusual volumes.
Insurers collected larger premiums, although the risk they carried rose as well.</p>
<p>The losers are more dispersed: importers paying higher freight, manufacturers waiting longer
for parts, and the states whose revenues depend on traffic through the canal. For some of them
the shock arrived on top of existing debt problems, turning a shipping disruption into a fiscal
one.</p>
<h2>What would bring ships back</h2>
<p>Naval escorts have reduced the risk without removing it. Underwriters price the worst week, not
the average one, and they will lower premiums only after a sustained period without incidents.
Haddad expects a slow return: “The first owners back will be those with the least to lose,” he
said.</p>
<p>For now the Red Sea is a reminder that a trade route can be closed without a blockade. A few
attacks, amplified through the insurance market, were enough.</p>
""",
    ),
    DemoArticle(
        slug="libya-oil-output-politics",
        title="Libya's oil output is a barometer of its politics",
        dek=(
            "Production swings with every quarrel between rival authorities. The National Oil "
            "Corporation's neutrality is the country's most valuable asset."
        ),
        section="mena",
        authors=["idris-benali"],
        tags=["Oil", "Energy", "Libya"],
        days_ago=4,
        picture=Picture(
            "steel",
            "towers",
            "Grey refinery towers with amber lights against a steel-blue evening sky.",
            "Oil terminals have been shut several times by rival factions.",
        ),
        sources=[
            Source(
                "Monthly oil production by field, Libya",
                "Example Energy Data",
                "https://example.org/data/libya-production",
                "2025-05-01",
            )
        ],
        interview=("Interview with Youssef Amrani", "Newsroom demo"),
        body="""
<p>Libya's oil output is less a measure of geology than of politics. The country holds Africa's
largest proven reserves, yet its production has swung from near-record levels to a fraction of
them and back again, sometimes within a single year.</p>
<h2>A shared source of revenue</h2>
<p>Oil pays for almost everything the Libyan state does, including the salaries of people who work
for rival authorities. That makes the National Oil Corporation an unusual institution: claimed by
all sides, trusted by none entirely, and protected by the fact that all of them need it to keep
working.</p>
<p>When a faction wants leverage, it blockades terminals. <a href="#source-1">Monthly output
figures show each of these shutdowns as a sudden cliff</a>, followed by a slower recovery as
fields and pipelines are brought back into service.</p>
<p>“The NOC survives because everyone loses when it stops,” said Youssef Amrani, an energy analyst
at the Maghreb Energy Observatory. The risk, he says, is that a side decides it would lose less
than its rivals.</p>
<h2>The cost of each shutdown</h2>
<p>Every blockade costs more than the oil not sold. Fields that are shut in suddenly can be
damaged, pipelines corrode when they stand empty, and foreign partners grow more cautious about
investing in new capacity. The corporation has repeatedly said that it needs steady budgets to
maintain its installations, and that the stop-start pattern of recent years has made that
impossible.</p>
<p>Salaries are the other pressure. Because the state pays so many people, a long shutdown soon
threatens the wages of those on every side of the dispute. That shared exposure has usually been
what brought blockades to an end.</p>
<h2>Why the world watches</h2>
<p>Libyan crude is light and sweet, and close to European refineries. A prolonged outage tightens
the Mediterranean market faster than its share of global output would suggest. Buyers in Italy
and Spain follow every rumour of a blockade.</p>
<h2>What would stabilise it</h2>
<p>A unified government and budget would remove the incentive to use oil as a weapon, but talks
have stalled for years. In the meantime, the best guarantee of steady production is a broad
agreement on how revenues are shared, and Amrani is cautious: “Every deal so far has lasted as
long as the price of oil made it worthwhile,” he said.</p>
<p>Until then, Libya's production chart will remain the most honest summary of its politics.</p>
""",
    ),
    DemoArticle(
        slug="nile-dam-negotiations",
        title="On the Nile, the dam is built and the argument has moved on",
        dek=(
            "Ethiopia's great dam is filling. What matters now is how it is run in a drought, and "
            "no agreement says."
        ),
        section="africa",
        authors=["mara-okafor"],
        tags=["Water", "Diplomacy", "Nile"],
        days_ago=8,
        picture=Picture(
            "river",
            "dunes",
            "A wide river valley in soft green and blue, with curving banks.",
            "The Blue Nile supplies most of the water that reaches Egypt.",
        ),
        interview=("Interview with Selam Tesfaye", "Newsroom demo"),
        body="""
<p>For a decade the argument over the Grand Ethiopian Renaissance Dam was about whether it should
be built. That argument is over: the dam stands, its reservoir is filling and its turbines are
producing power. The dispute between Ethiopia, Egypt and Sudan has moved to a harder question:
who decides how much water passes through it in a dry year.</p>
<h2>Filling was the easy part</h2>
<p>The reservoir has been filled in stages during the rainy seasons, when the Blue Nile carries
most of its water. Downstream, the effect has so far been smaller than Egypt feared, helped by
several wet years and by the large reservoir behind Egypt's own dam at Aswan.</p>
<p>“Nobody has yet seen this system operate through a multi-year drought,” said Selam Tesfaye, a
hydrologist at the Horn of Africa Water Institute. “That is the scenario every negotiator should
be modelling, and the one no text covers.”</p>
<h2>Three interests, one river</h2>
<p>Ethiopia wants electricity, and to be free to develop the river that rises on its territory.
Egypt, which depends on the Nile for nearly all its fresh water, wants binding guarantees of flow.
Sudan sits between them, fearing floods and hoping for more regular irrigation.</p>
<p>The African Union has hosted talks, as have outside mediators. Each round has ended with
the same gap: Egypt asks for rules that bind in law, Ethiopia offers guidelines that can be
adjusted.</p>
<h2>Beyond the three capitals</h2>
<p>The dispute is often described as a contest between three states, but the river has many more
users. Upstream countries on the White Nile have their own development plans and have long
contested colonial-era agreements that favoured the downstream states. Any lasting arrangement on
the Blue Nile will be read by them as a precedent.</p>
<p>Climate adds uncertainty. Models disagree on whether the basin will become wetter or drier,
but they agree that rainfall will become more variable. A rule written for the average year may
fail in exactly the years when it matters most.</p>
<h2>What a deal would need</h2>
<p>Tesfaye argues that the technical answer is well understood: shared real-time data, agreed
release rules for drought years, and a mechanism for disputes. “The hydrology is not the
obstacle,” she said. “Trust is.”</p>
<p>Until that trust exists, the Nile's three main states will manage the river as neighbours who
watch each other closely, and hope that the next drought is a short one.</p>
""",
    ),
    DemoArticle(
        slug="morocco-solar-export",
        title="Morocco wants to sell the Sahara's sunshine to Europe",
        dek=(
            "Cables under the sea could carry desert power north. The engineering is the "
            "easier part; the politics of dependence is harder."
        ),
        section="climate",
        authors=["idris-benali"],
        tags=["Energy", "Solar", "Morocco"],
        days_ago=10,
        picture=Picture(
            "field",
            "pylons",
            "Electricity pylons crossing a sunlit plain towards the horizon.",
            "New lines would link desert solar farms to the grid on the coast.",
        ),
        interview=("Interview with Youssef Amrani", "Newsroom demo"),
        body="""
<p>Morocco has some of the best conditions for solar and wind power anywhere near Europe: strong
sun, steady trade winds and open land. It has already built large plants for its own use. The
next step, its planners say, is export, through cables laid along the sea floor to the European
Union's grid.</p>
<h2>An old idea, newly affordable</h2>
<p>Plans to power Europe from the desert are decades old. What has changed is the price. Solar
panels and batteries cost a fraction of what they did, and long high-voltage cables have been
proven in the North Sea. Investors now talk of projects measured in gigawatts.</p>
<p>“The question used to be whether it could be done,” said Youssef Amrani of the Maghreb Energy
Observatory. “Now it is whether Europe wants to depend on it, and whether Morocco's own
consumers come first.”</p>
<h2>Dependence runs both ways</h2>
<p>European governments, having learned a painful lesson about relying on a single supplier of
gas, are wary of new dependencies. Advocates answer that a cable is different from a pipeline: it
carries power only while both sides want it to, and the supplier earns nothing when it is
cut.</p>
<p>Inside Morocco, the debate is about priorities. Industry at home wants cheap clean power too,
and the country still burns coal. Exporting the best sites' output before the domestic grid is
clean would be a hard sell.</p>
<h2>The cable is the hard part</h2>
<p>Generating the power is the cheap part of the plan. Carrying it thousands of kilometres under
the sea requires specialised ships, factories able to make the cable and years of permits in
every country it crosses. The handful of companies able to do the work are fully booked by
offshore wind projects in Europe.</p>
<p>Grid operators at the receiving end must also make room. A large, steady flow of imported
power changes how the rest of the system runs, and those operators will want guarantees about
what happens when the cable fails, as all cables eventually do.</p>
<h2>What to watch</h2>
<ul>
<li>Whether European regulators treat imported renewable power as equal to their own.</li>
<li>How financing is split between public lenders and private investors.</li>
<li>Whether neighbouring states join, turning a single link into a regional market.</li>
</ul>
<p>If the cables are built, the map of Europe's energy will extend south of the Mediterranean for
the first time. That would be a change as much political as technical.</p>
""",
    ),
    DemoArticle(
        slug="eu-migration-deals-north-africa",
        title="Europe's migration deals buy time, not solutions",
        dek=(
            "Agreements with North African governments cut crossings for a while. The money "
            "comes with leverage, and it is not all on Europe's side."
        ),
        section="europe",
        authors=["mara-okafor", "idris-benali"],
        tags=["Migration", "Diplomacy", "Europe"],
        days_ago=12,
        sources=[
            Source(
                "Irregular crossings of the central Mediterranean, monthly",
                "Example Migration Monitor",
                "https://example.org/migration/central-med",
                "2025-04-20",
            )
        ],
        body="""
<p>The European Union's approach to migration across the Mediterranean has settled into a
pattern. It signs agreements with governments on the southern shore, offering money, trade
access and political recognition in return for tighter control of departures. Crossings fall,
for a while. Then they rise again somewhere else.</p>
<h2>The arithmetic of a deal</h2>
<p>The agreement with Tunisia is the clearest recent example. <a href="#source-1">Departures from
its coast fell in the months after it was signed</a>, while those from Libya's eastern coast
rose. People who have decided to cross do not disappear when one route closes; they pay more and
take greater risks on another.</p>
<h2>Leverage on both sides</h2>
<p>The deals also shift power. A government that can open or close a route to Europe has
something to bargain with, and has used it: to resist criticism of its domestic politics, to
ask for faster payments, or to press for visas for its own citizens. European capitals that
wanted fewer arrivals have found themselves negotiating on terms they did not choose.</p>
<p>Human-rights groups have documented abuses against migrants in countries that receive European
funds. European officials say the money comes with conditions; critics reply that the conditions
are rarely enforced, because enforcing them would put the deal at risk.</p>
<h2>The view from the other shore</h2>
<p>For governments on the southern shore, the deals bring money but also domestic costs. Hosting
people who wanted to go elsewhere strains public services and can inflame local politics.
Several governments have responded by moving migrants away from cities and coasts, often in
conditions that rights groups have condemned.</p>
<p>Countries of origin further south are rarely at the table, although their citizens are most
affected. Their governments depend on remittances from people working abroad, and have little
reason to help close the routes those people use.</p>
<h2>What would work better</h2>
<p>Most specialists agree on the elements of a more durable policy: legal routes for work and
study, faster and fairer asylum procedures in Europe, and investment in the countries people
leave, not only those they pass through. Each is harder to sell to voters than a headline about
falling numbers.</p>
<p>Until then, the deals will continue to do what they do well: buy time. The question is what
Europe does with it.</p>
""",
    ),
    DemoArticle(
        slug="gulf-sovereign-funds-strategy",
        title="Gulf sovereign funds are no longer passive investors",
        dek=(
            "Funds that once bought stakes quietly now seek control, technology and jobs at "
            "home. That changes how they are received abroad."
        ),
        section="economy",
        authors=["tomas-lindqvist"],
        tags=["Investment", "Gulf", "Sovereign funds"],
        days_ago=14,
        picture=Picture(
            "desert",
            "towers",
            "Tall dark towers rising from a sand-coloured plain under a warm sky.",
            "The funds' headquarters have become landmarks of their capitals.",
        ),
        interview=("Interview with Leila Mansour", "Newsroom demo"),
        body="""
<p>For decades the sovereign wealth funds of the Persian Gulf were the world's most patient
shareholders. They bought small stakes in large listed companies, rarely sat on boards and almost
never spoke in public. That model is giving way to something more ambitious.</p>
<h2>From savings to strategy</h2>
<p>The funds were created to turn oil revenues into savings for a future without oil. That future
now looks closer, and governments want the funds to help build it: by bringing factories,
technology and skilled jobs home, not only by earning returns abroad.</p>
<p>“The mandate has changed from preserving wealth to transforming the economy,” said Leila
Mansour of the Gulf Monetary Studies Centre. “That means taking control of companies, not just
owning a slice of them.”</p>
<h2>A different welcome</h2>
<p>Control invites scrutiny. Governments in Europe and North America, which once welcomed Gulf
money with few questions, now screen investments in technology, infrastructure and data. A fund
that wants a seat on the board, and a factory at home in return, is a different counterpart from
one that wanted dividends.</p>
<p>The funds have responded by spreading their bets: more investment in Asia, more partnerships
with companies that will set up regional headquarters in the Gulf, and more deals at home.</p>
<h2>Competition between neighbours</h2>
<p>The funds' new ambitions also set them against each other. Several Gulf states want to become
the region's hub for finance, logistics, technology and tourism, and their funds are the main
instruments of that competition. Companies are offered incentives to locate their regional
headquarters in one capital rather than another, and projects are sometimes duplicated across
borders.</p>
<p>Some of that competition is healthy; some of it risks building more airports, data centres and
industrial zones than the region can use. The funds' investment committees are where those
choices are made, largely out of public view.</p>
<h2>The risk of doing too much</h2>
<p>Domestic investment carries its own danger. A fund that finances its government's flagship
projects may find itself holding assets that no private investor would buy. Mansour's worry is
governance: “A fund is only as independent as the last time it said no to its owner,” she
said.</p>
<p>The funds remain among the largest pools of capital on earth. How they spend it will shape the
region's economies long after the last barrel is sold.</p>
""",
    ),
    DemoArticle(
        slug="egypt-wheat-import-bill",
        title="Egypt's bread subsidy rests on a fragile wheat bill",
        dek=(
            "The world's largest wheat importer pays for grain in dollars it often lacks. Every "
            "currency crisis becomes a food question."
        ),
        section="economy",
        authors=["idris-benali"],
        tags=["Food", "Trade", "Egypt"],
        days_ago=16,
        sources=[
            Source(
                "Wheat imports and reserves, Egypt",
                "Example Grain Statistics",
                "https://example.org/grain/egypt",
                "2025-02-28",
            )
        ],
        body="""
<p>Few prices matter more to Egypt's politics than that of a flat loaf of subsidised bread. The
state sells it for a token sum to tens of millions of people, and has learned from history that
changing that price is dangerous. What it cannot control is the cost of the wheat.</p>
<h2>A dollar problem as much as a grain problem</h2>
<p>Egypt grows much of its own wheat but still imports more than almost any other country.
<a href="#source-1">Strategic reserves are counted in months of consumption</a>, and refilling
them takes dollars. When the currency is under pressure and dollars are scarce, every shipment
becomes a negotiation.</p>
<p>Loans from the International Monetary Fund and investment from Gulf states have eased the
shortage more than once. Each package came with conditions, among them a gradual reform of
subsidies that successive governments have approached with great caution.</p>
<h2>Diversifying suppliers</h2>
<p>Egypt used to buy most of its wheat from a small number of Black Sea exporters. War in the
region taught it to spread purchases more widely, and to buy through direct deals as well as
open tenders. That has reduced one risk while adding others, such as higher freight costs.</p>
<h2>Farmers and the state</h2>
<p>Domestic wheat is bought by the state at a fixed price announced before the harvest. When that
price is low compared with other crops, farmers plant less wheat; when it is raised, they plant
more, but the budget pays. Recent increases have been welcomed by farmers and watched warily by
the finance ministry.</p>
<p>Land and water set a ceiling. The Nile valley and delta are already intensively farmed, and
new land in the desert depends on groundwater and expensive irrigation. Self-sufficiency is not a
realistic goal; reducing the share that must be bought abroad is.</p>
<h2>What would make it less fragile</h2>
<p>Higher domestic yields, better storage to reduce losses, and a subsidy targeted at those who
need it most would all help. None is quick. In the meantime, the bread subsidy remains what it
has long been: the state's most visible promise, and its most exposed one.</p>
""",
    ),
    DemoArticle(
        slug="african-union-peace-fund",
        title="What the African Union's peace fund can and cannot do",
        dek=(
            "A fund paid for by member states was meant to end dependence on outside donors for "
            "peace operations. Its first real test is coming."
        ),
        section="africa",
        authors=["mara-okafor"],
        tags=["Security", "Diplomacy", "African Union"],
        state="scheduled",
        days_ago=2,
        body="""
<p>For most of its history, the African Union's peace operations have been paid for by others.
The peace fund, financed by a levy on member states, was meant to change that, and it has now
grown large enough to matter.</p>
<h2>Money is not the only constraint</h2>
<p>The fund can pay for mediation, for the early stages of a mission and for some of its running
costs. It cannot supply troops, aircraft or the political will to send them. Those still depend on
a handful of members, and on partners outside the continent.</p>
<p>The union's members also disagree about where the money should go first: to the Sahel, to the
Horn, or to crises that have received less attention. A fund that tries to do everything will do
little well.</p>
<h2>The test ahead</h2>
<p>The first large request will show whether the fund's rules work in practice. Members will watch
whether decisions are quick, whether money arrives before a crisis deepens, and whether the
accounts are open to scrutiny. A fund that passes that test could change how the continent
responds to conflict.</p>
""",
    ),
    DemoArticle(
        slug="tunisia-debt-talks",
        title="Tunisia's debt talks and the price of going it alone",
        dek="The government refused an IMF programme. The bill is arriving anyway.",
        section="mena",
        authors=["mara-okafor"],
        tags=["Debt", "Tunisia"],
        state="changes_requested",
        change_request=(
            "Strong piece. Before it goes further: the second section needs a figure for this "
            "year's external repayments with its source, and please add a response from the "
            "finance ministry or say that it declined to comment."
        ),
        body="""
<p>Tunisia's government turned down a loan programme with the International Monetary Fund,
arguing that its conditions would hurt the poor. It has since met its foreign debt payments on
time, at a cost that is now visible in empty shelves and delayed investment.</p>
<h2>Paying without a programme</h2>
<p>Without the fund's loan, the state has borrowed from its own central bank and banks at home,
and cut imports to save dollars. Shortages of basic goods have become more frequent.</p>
<h2>What comes next</h2>
<p>The government hopes that tourism and remittances will carry it through the next repayments.
That is possible, but leaves little room for a bad season.</p>
""",
    ),
    DemoArticle(
        slug="draft-port-concessions-red-sea",
        title="Port concessions on the Red Sea: who holds the keys",
        dek="A survey of which foreign operators run which terminals, and on what terms.",
        section="mena",
        authors=["mara-okafor"],
        tags=["Ports", "Trade"],
        state="draft",
        body="""
<p>Draft: the table of concessions still needs checking against the operators' annual reports
before this goes to the desk.</p>
""",
    ),
]
