"""Generate N realistic, fictional security statements for the benchmark and the scale test.

    python -m bench.generate N OUTDIR [--format ours|vanilla|hugo] [--seed SEED]

The same N and seed always give byte-identical files.  Every statement is
made once, as a ``Record``, and then written in one of three formats:

- ``ours``: the archive's YAML front matter, ``OUTDIR/statements/YYYY/YYYY-MM-DD-slug.md``;
- ``vanilla``: Pelican's plain Markdown metadata (Title:, Date:, ...), for
  Pelican with its default theme;
- ``hugo``: YAML front matter with Hugo's names, for the Hugo reference build.

The body is the same Markdown in all three: about 600 words in paragraphs, a
quoted statement from a fictional official, sometimes a ``##`` subheading with
a list, a bold hotline number and sometimes a link.  Dates run from 2006 to
2026 with several statements on some days; the threat level follows a
plausible sequence of rises and falls, each announced by a statement of its own.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pelican.settings import read_settings

from plugins.archive.levels import ThreatLevel
from plugins.archive.schema import FIELDS, REQUIRED_FIELDS

ROOT = Path(__file__).resolve().parent.parent
SEED = 20150116
FORMATS = ("ours", "vanilla", "hugo")
CATEGORIES = read_settings(str(ROOT / "pelicanconf.py"))["STATEMENT_CATEGORIES"]
LEVELS = sorted(ThreatLevel)
UK_TIME = ZoneInfo("Europe/London")
FIRST_DAY = datetime.date(2006, 1, 1)
LAST_DAY = datetime.date(2026, 9, 30)  # before any build date: nothing is embargoed
WORDS_PER_STATEMENT = (520, 680)
LEVEL_CHANGES = 16  # rises and falls over the twenty years, whatever N is
OFFICIALS = 40

# Fictional places and people: compound names give a long tail of rare words, as a real archive has.
PLACE_STARTS = (
    "Ash", "Brack", "Calder", "Dun", "Elm", "Fern", "Grey", "Hart", "Kirk", "Long", "Marl", "North", "Oak",
    "Pen", "Red", "Salt", "Stone", "Thorn", "West", "Whit", "Ald", "Brin", "Carr", "Dray", "Fox", "Glen",
    "Hol", "Mill", "Raven", "Tarn",
)  # fmt: skip
PLACE_ENDS = (
    "bridge", "port", "mere", "ford", "field", "combe", "wick", "moor", "haven", "by", "dale", "ton",
    "stead", "well", "gate", "wood", "holme", "cross", "bury", "ley",
)  # fmt: skip
PLACES = tuple(start + end for start in PLACE_STARTS for end in PLACE_ENDS)
VENUES = (
    "the railway station", "the bus station", "the shopping centre", "the football stadium", "the airport",
    "the ferry terminal", "the Christmas market", "the arena", "the university campus", "the cathedral",
    "the town hall", "the retail park", "the concert hall", "the marina", "the hospital", "the law courts",
    "the conference centre", "the racecourse", "the market square", "the tram interchange",
)  # fmt: skip
STREET_KINDS = ("Road", "Street", "Lane", "Avenue", "Close", "Parade", "Crescent", "Terrace", "Way", "Hill")
OPERATIONS = (
    "Kestrel", "Harrier", "Merlin", "Osprey", "Lapwing", "Curlew", "Plover", "Wren", "Bittern", "Heron",
    "Avocet", "Dunlin", "Godwit", "Shrike", "Siskin", "Linnet", "Redstart", "Whimbrel", "Fieldfare",
    "Nightjar", "Goldcrest", "Sanderling", "Kittiwake", "Stonechat", "Rowan", "Hawthorn", "Juniper",
    "Larch", "Alder", "Hornbeam", "Sycamore", "Blackthorn", "Damson", "Medlar", "Quince", "Spindle",
)  # fmt: skip
FIRST_NAMES = (
    "Dana", "Marcus", "Priya", "Owen", "Siobhan", "Rhys", "Helen", "Tariq", "Joanna", "Gareth", "Amara",
    "Colin", "Fiona", "Imran", "Lucy", "Declan", "Ruth", "Kwame", "Sarah", "Neil", "Bethan", "Ravi",
    "Claire", "Euan", "Adele", "Bilal", "Carys", "Dominic", "Esther", "Farid", "Gemma", "Hamish",
)  # fmt: skip
SURNAME_STARTS = (
    "Whit", "Ash", "Brenn", "Carr", "Fair", "Hast", "Kerr", "Mad", "Pem", "Ren", "Sut", "Thorn", "Ack", "Bram",
    "Cum", "Dal", "Eld", "Fal", "Gar", "Hol", "Lang", "Mor", "Pres", "Wal",
)  # fmt: skip
SURNAME_ENDS = (
    "low", "worth", "an", "ow", "bairn", "ings", "idge", "dox", "bridge", "wick", "cliffe", "ton", "ford",
    "sley", "more", "ham",
)  # fmt: skip
SURNAMES = tuple(start + end for start in SURNAME_STARTS for end in SURNAME_ENDS)
RANKS = (
    "Assistant Chief Constable", "Deputy Assistant Commissioner", "Detective Chief Superintendent",
    "Chief Superintendent", "Commander", "Assistant Commissioner", "Detective Superintendent",
    "Chief Constable",
)  # fmt: skip
REGIONS = ("North East", "North West", "Midlands", "Wessex", "Eastern", "South East", "Wales", "London")
ROLES = (
    "Head of Counter Terrorism Policing {region}",
    "Senior National Coordinator for Counter Terrorism Policing",
    "National Coordinator for Protect and Prepare",
    "Senior Investigating Officer, Counter Terrorism Policing {region}",
    "Head of Protective Security, Counter Terrorism Policing {region}",
    "National Policing Lead for Counter Terrorism",
)
TAGS = (
    "Rail", "Aviation", "Crowded places", "Festivals", "Faith communities", "Online radicalisation",
    "Prevent", "Arrests", "Charges", "Court", "Explosives", "Firearms", "Vehicle attack",
    "Hostile reconnaissance", "Armed policing", "Football", "Concerts", "Christmas markets", "Schools",
    "Universities", "Ports", "Border security", "Protect duty", "ACT awareness", "Public transport",
    "Cyber", "Drones", "Lone actor", "Extreme right wing", "Islamist terrorism", "Youth", "Hospitals",
    "Shopping centres", "Stadiums", "Elections", "Parliament", "Maritime", "Night-time economy",
    "Police officer safety", "Victims and witnesses",
)  # fmt: skip
COMMUNITIES = (
    "the Jewish community", "Muslim communities", "faith communities", "the Sikh community",
    "Hindu communities", "students", "the LGBT+ community", "families", "local businesses", "commuters",
)  # fmt: skip
AUDIENCES = (
    "parents and carers", "teachers", "event organisers", "shop workers", "security staff", "students",
    "commuters", "venue managers", "taxi drivers", "hotel staff", "festival-goers", "football supporters",
)  # fmt: skip
EVENT_TYPES = (
    "Marathon", "Music Festival", "Carnival", "Pride", "Half Marathon", "Food Festival", "Air Show",
    "Regatta", "Christmas Market", "Book Festival", "Folk Festival", "Cup Final", "Lantern Parade",
)  # fmt: skip
SEASONS = ("spring", "summer", "autumn", "winter", "festive", "Easter", "half-term", "bank holiday")
OFFENCES = (
    "preparing acts of terrorism", "possessing information useful to a terrorist",
    "disseminating terrorist publications", "collecting information useful to a terrorist",
    "encouraging terrorism", "funding terrorism", "possessing explosive substances",
    "failing to disclose information about acts of terrorism",
)  # fmt: skip
ORGANISATIONS = (
    "{place} Interfaith Forum", "{place} Chamber of Commerce", "{place} Business Improvement District",
    "{place} Community Safety Partnership", "{place} City Council", "{place} University Students' Union",
    "the {place} Gurdwara committee", "the {place} Hebrew Congregation", "the {place} Central Mosque trustees",
    "{place} Rovers Football Club", "the {place} Hospitality Association", "{place} Harbour Authority",
)  # fmt: skip
AGENCIES = (
    "MI5", "the British Transport Police", "the National Crime Agency", "Border Force",
    "neighbouring forces", "local authority partners", "the Crown Prosecution Service",
    "the ambulance and fire services", "event organisers", "community leaders",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven")
HOTLINE = "0800 789 321"
SMALL_WORDS = {"a", "and", "at", "for", "from", "in", "need", "of", "on", "the", "this", "to"}


def _press_office(number: int, region: str) -> dict[str, str]:
    domain = f"ctp-{region.lower().replace(' ', '-')}.example.org"
    return {
        "phone": f"0{300 + number} {100 + number * 7} {1000 + number * 13}",
        "email": f"press.office@{domain}",
        "url": f"https://{domain}/news",
    }


PRESS_OFFICES = {region: _press_office(number, region) for number, region in enumerate(REGIONS, start=1)}

# What each category's statements say: titles and opening sentences.
TITLES = {
    "Counter-terrorism": (
        "Update on the investigation at {venue} in {place}",
        "Counter Terrorism Policing leads investigation into incident in {place}",
        "Operation {operation}: investigation update",
        "Investigation continues after suspicious package found in {place}",
        "Statement on the incident on {street}, {place}",
    ),
    "Threat level": ("Threat level review: the national threat level remains {level}",),
    "Arrests and charges": (
        "{Number} people arrested in {place} as part of Operation {operation}",
        "{age}-year-old {person} charged with terrorism offences",
        "{Person} from {place} charged with {offence}",
        "Arrests in {place} and {other_place} following Operation {operation}",
        "{Person} jailed after Operation {operation} investigation",
    ),
    "Public safety advice": (
        "Advice for travellers ahead of the {season} holidays",
        "Stay alert and report suspicious activity in {place}",
        "How to stay safe at crowded events this {season}",
        "Run, Hide, Tell: advice for {audience}",
        "Guidance for {audience} on reporting online extremism",
    ),
    "Major events": (
        "Policing the {place} {event}",
        "Security plans for the {place} {event} announced",
        "Visible patrols at the {place} {event} this weekend",
    ),
    "Community reassurance": (
        "Extra patrols to reassure {community} in {place}",
        "Message to communities in {place} following the incident on {street}",
        "Reassurance for {community} after the incident in {place}",
    ),
    "Protective security": (
        "New guidance for venues and public spaces in {place}",
        "{place} businesses urged to review security plans",
        "Hostile vehicle barriers installed at {venue} in {place}",
        "Protect duty: what venues in {place} need to know",
    ),
}
LEADS = {
    "Counter-terrorism": (
        "Counter Terrorism Policing {region} is leading the investigation into an incident at {venue} in {place} {on_day}.",
        "Detectives investigating the incident on {street}, {place}, have made further progress, and the cordons around {venue} have now been lifted.",
        "Officers from Counter Terrorism Policing {region} continue to work on Operation {operation}, the investigation into events in {place} earlier this month.",
        "A suspicious item found near {venue} in {place} on {weekday} morning was examined by specialist officers and the area was evacuated as a precaution.",
    ),
    "Threat level": (
        "The Joint Terrorism Analysis Centre has reviewed the national threat level, which remains {level}: {meaning}.",
        "The national threat level remains {level}, which means {meaning}, following a review by the Joint Terrorism Analysis Centre.",
    ),
    "Arrests and charges": (
        "{Number} people have been arrested in {place} and {other_place} by officers from Counter Terrorism Policing {region} as part of Operation {operation}.",
        "{defendant}, {age}, of {street}, {place}, has been charged with {offence} following an investigation by Counter Terrorism Policing {region}.",
        "A {person} arrested in {place} {on_day} has been charged with {offence} and will appear before magistrates in {other_place}.",
        "{defendant}, {age}, has been sentenced at {other_place} Crown Court after pleading guilty to {offence}.",
    ),
    "Public safety advice": (
        "Ahead of the {season} holidays, Counter Terrorism Policing is asking {audience} to stay alert and to report anything that does not feel right.",
        "Counter Terrorism Policing {region} has published new advice for {audience} in {place} and across the region.",
        "With busy weeks ahead in {place}, officers are reminding {audience} how to recognise and report suspicious behaviour.",
    ),
    "Major events": (
        "A large policing operation will be in place for the {place} {event}, which is expected to draw tens of thousands of visitors.",
        "Officers from across the {region} region will support the {place} {event} this weekend, with armed and unarmed patrols in and around {venue}.",
        "Security arrangements for the {place} {event} have been agreed with the organisers and {agency}.",
    ),
    "Community reassurance": (
        "Additional patrols are being put in place across {place} to reassure {community} following recent events.",
        "Senior officers met representatives of {community} in {place} {on_day} to discuss their concerns and the support available.",
        "Neighbourhood officers in {place} will be more visible in the coming days as we work with {community} and {agency}.",
    ),
    "Protective security": (
        "Counter Terrorism Security Advisers have completed a review of crowded places in {place}, including {venue}.",
        "New protective security guidance has been published for businesses and venues in {place} and across the {region} region.",
        "Work to install permanent hostile vehicle mitigation around {venue} in {place} has been completed.",
    ),
}
# The category of statements that announce a change of level; the others are drawn with these weights.
LEVEL_CATEGORY = "Threat level"
CATEGORY_WEIGHTS = {category: 1 if category == LEVEL_CATEGORY else 5 for category in CATEGORIES}
LEVEL_CHANGE_TITLES = (
    "National threat level {changed} to {level}",
    "UK threat level {changed} from {old_level} to {level}",
)
LEVEL_CHANGE_LEADS = (
    "The Joint Terrorism Analysis Centre has {changed} the national threat level from {old_level} to {level}, which means {meaning}.",
    "The national threat level has been {changed} to {level}. This means {meaning}.",
)
# Sentences for the body, by theme; each category draws from the themes that suit it.
DETAILS = {
    "general": (
        "Information from the public continues to play a vital part in keeping communities safe.",
        "Since {year}, Counter Terrorism Policing has disrupted a number of late-stage attack plots across the country.",
        "Local councillors in {place} have been kept informed and are helping to share accurate information with residents.",
        "The teams involved have drawn on lessons learned since {year}, including from exercises held with {agency}.",
        "Officers from {other_place} and {place} have been working alongside {agency} throughout.",
        "Young people who are being drawn towards extremism can be helped, and the earlier someone seeks advice the better.",
        "Accurate and timely information will be published on our website and social media channels.",
        "We would ask people to rely on official sources and not to share speculation about what has happened.",
        "We have briefed {organisation} and will keep its members updated as the situation develops.",
        "Partnership work with {organisation} has been central to our response.",
        "Counter-terrorism is a collective endeavour, relying on police, intelligence agencies, councils, charities and citizens.",
        "Safeguarding referrals are confidential, and most people referred receive support rather than any criminal sanction.",
        "The national network now includes eleven regional units, each with specialist detectives, analysts and financial investigators.",
    ),
    "investigation": (
        "Officers remain at {venue} and a number of searches are continuing at addresses in {place}.",
        "The investigation is being led by Counter Terrorism Policing {region}, working closely with {agency}.",
        "There is nothing to suggest any wider threat to the public at this time, but we keep this under constant review.",
        "Residents of {street} may see an increased police presence while officers carry out enquiries.",
        "We understand that the disruption has been difficult for people living and working around {venue}, and we thank them for their patience.",
        "{Number} addresses have been searched so far, and a quantity of electronic devices has been seized for examination.",
        "Specialist officers are supporting the families of those affected, and their privacy should be respected.",
        "Detectives are particularly keen to hear from anyone who was on {street} between {hour} and {later_hour} {on_day}.",
        "Footage from doorbell cameras and dashcams can be uploaded through the online portal, and every piece of information is assessed.",
        "We have received more than {count} calls and online reports since the appeal began, and we are grateful for each of them.",
        "A {age}-year-old {person} from {other_place} was arrested on suspicion of {offence} and has since been released on bail.",
        "Forensic examination of the scene on {street} is expected to take several more days.",
        "The search of a property in {other_place} has now concluded, and the road has reopened.",
        "Our thoughts remain with everyone who was injured, and with their families and friends.",
        "Anyone who was affected by what they saw is encouraged to seek support through the victim support line.",
        "A post-mortem examination will take place in due course, and the coroner has been informed.",
        "Officers recovered chemicals, wiring and handwritten notes, which are being analysed by forensic specialists.",
        "Digital investigators are examining encrypted messaging applications, laptops and storage devices.",
        "Bomb disposal experts carried out a controlled explosion, and the item was found to be non-viable.",
        "Neighbouring premises, including a pharmacy, a nursery and two takeaways, were evacuated while the cordon was in place.",
    ),
    "charges": (
        "The charge was authorised by the Crown Prosecution Service Counter Terrorism Division.",
        "Those arrested remain in custody at a police station in {other_place}, and warrants of further detention have been granted.",
        "Criminal proceedings are now active, and nothing should be reported or shared online that could prejudice the trial.",
        "{defendant} is due to appear at Westminster Magistrates' Court {on_day}.",
        "Two other people arrested during the operation have been released without further action.",
        "The sentence follows a trial lasting {number} weeks, during which the jury heard evidence gathered over many months.",
        "The judge imposed an extended sentence, with a further period on licence and notification requirements for fifteen years.",
        "Jurors were shown messages, videos and instructional manuals recovered from the defendant's devices.",
        "A serious crime prevention order will restrict internet use, travel and association after release.",
    ),
    "patrols": (
        "The public can expect to see more officers, some of them armed, at transport hubs and crowded places in {place}.",
        "These patrols are a precaution and are not a response to any specific intelligence.",
        "Road closures will be in place around {venue} from {hour} and are expected to be lifted by {later_hour}.",
        "Visitors should plan their journey in advance, allow extra time and expect bag searches at the entrances.",
        "Counter Terrorism Security Advisers have worked with the organisers for several months to plan the event.",
        "Transport services around {venue} are running normally, although some stops may be moved at short notice.",
        "Stewards and officers have been briefed on what to look for and how to respond to any concern raised by the public.",
        "Our neighbourhood teams will continue to visit places of worship, schools and community centres across {place}.",
        "Hate crime is treated with the utmost seriousness, and we will not tolerate attempts to divide our communities.",
        "Drones may not be flown over the area without permission, and officers will act against anyone who does so.",
        "Mounted officers, search dogs and marine units will support colleagues on foot and in vehicles.",
        "A temporary control room at {venue} will coordinate stewards, paramedics, volunteers and officers.",
        "Licensed premises near {venue} have agreed to extra door supervisors and earlier closing.",
        "Parking restrictions, pedestrian diversions and temporary barriers will be signposted throughout the weekend.",
    ),
    "level": (
        "The threat level is set independently by the Joint Terrorism Analysis Centre and is kept under review.",
        "The level reflects the overall picture of the threat, and the changes the public see will be carefully measured.",
        "Threat levels give a broad indication of the likelihood of an attack and do not relate to any one event.",
        "The decision was taken by the Joint Terrorism Analysis Centre, which works independently of ministers.",
        "The level was last changed in {year}, and the threat has continued to evolve since then.",
        "Whatever the level, the public should remain alert but not alarmed.",
    ),
    "advice": (
        "Businesses in {place} are encouraged to complete the free ACT e-learning course, which takes about forty-five minutes.",
        "The barriers have been designed to blend into the streetscape while stopping a vehicle being driven into a crowd.",
        "The new guidance covers planning, staff training, searching, lockdown procedures and communication with the public.",
        "The ACT app gives staff the latest protective security guidance wherever they are.",
        "Security staff are often the first to notice hostile reconnaissance, and their reports are taken seriously.",
        "Counter Terrorism Security Advisers in {place} offer free visits and advice to venues of every size.",
        "Simple measures, such as a briefing at the start of each shift, make a real difference.",
        "Schools and colleges in {place} have been sent the guidance, along with materials for {audience}.",
        "Cyber criminals and hostile states sometimes probe the same weaknesses, so physical and online security belong together.",
        "Landlords, letting agents and self-storage operators are asked to report suspicious purchases or rentals.",
        "Retailers selling fertiliser, acids or peroxide should follow the regulations on reportable substances.",
        "Training sessions run by {organisation} are free, and dates for the next quarter are published online.",
    ),
}
CATEGORY_THEMES = {
    "Counter-terrorism": ("investigation", "general"),
    "Threat level": ("level", "patrols", "general"),
    "Arrests and charges": ("investigation", "charges", "general"),
    "Public safety advice": ("advice", "general"),
    "Major events": ("patrols", "general"),
    "Community reassurance": ("patrols", "general"),
    "Protective security": ("advice", "patrols", "general"),
}
QUOTES = (
    "I want to thank the public for their patience and their support while officers have been working around the clock.",
    "Our priority is the safety of everyone who lives in, works in or visits {place}.",
    "This has been a fast-moving investigation, and I am grateful to {agency} for their support.",
    "It is important that people do not speculate about the events of the last few days, particularly on social media.",
    "You will see more officers in {place} over the coming days, and I would encourage anyone with concerns to speak to them.",
    "The threat we face is real, but it is not a reason for people to change the way they live their lives.",
    "Communities defeat terrorism, and the information the public gives us is often the missing piece of the puzzle.",
    "I know that events like these cause real anxiety, especially among {community}.",
    "We will continue to work with {agency} to make sure that {place} remains a safe and welcoming place.",
    "If you see something that does not feel right, please trust your instincts and report it.",
    "No report is ever a waste of our time, and you can report in confidence.",
    "The officers who responded acted with great courage and professionalism.",
    "These arrests are the result of months of painstaking work by detectives and partners.",
    "I would ask everyone to remember that this remains a live investigation.",
    "We have plans in place to respond quickly to any incident, and we rehearse them regularly with the other emergency services.",
    "Nobody should feel unsafe going to their place of worship, school or place of work.",
    "Protective security is not only a matter for the police: businesses and venues have a vital part to play.",
    "Hundreds of officers and staff will be working to make the {place} {event} safe and enjoyable for everyone.",
    "Those who seek to spread fear and division will not succeed.",
    "We keep our security posture under constant review, and we will adjust it as the picture changes.",
)
CLOSINGS = (
    "Anyone with information should call the anti-terrorist hotline on **{hotline}** or report online in confidence. In an emergency, always dial 999.",
    "If you have information that could help the investigation, please contact Counter Terrorism Policing on **{hotline}**. Media enquiries should be made to the press office on {phone}.",
    "More advice is available from the [press office]({url}). Suspicious activity can be reported on **{hotline}**, and in an emergency you should always call 999.",
    "Further updates will be published as the investigation progresses. Anyone with concerns should speak to an officer or call **{hotline}**.",
)
SUBHEADINGS = (
    "What we are asking the public",
    "Advice for visitors",
    "How to report",
    "What happens next",
    "Background",
    "Travel information",
)
ADVICE = (
    "Report unattended bags to a member of staff or a police officer.",
    "Plan your journey and allow extra time for security checks.",
    "Follow the instructions of stewards and officers on the day.",
    "Keep your phone charged and agree a meeting point with your group.",
    "Do not share rumours or unverified information on social media.",
    "*Run* to a place of safety if you are caught up in an attack, rather than surrendering or negotiating.",
    "*Hide* if you cannot run, and put your phone on silent.",
    "*Tell* the police by calling 999 when it is safe to do so.",
    "Read the guidance for crowded places and share it with colleagues.",
    "Check that staff know how to lock down the building quickly.",
    "Look out for people taking an unusual interest in security arrangements.",
    "Speak to a Prevent officer if you are worried someone is being radicalised.",
    "Use the online form to send photographs or video that may help the investigation.",
    "Leave large bags at home: they slow down the searches at the entrances.",
)
if not set(CATEGORIES) == set(TITLES) == set(LEADS) == set(CATEGORY_THEMES):
    raise RuntimeError(f"bench/generate.py: TITLES, LEADS and CATEGORY_THEMES must name exactly {CATEGORIES}")
CORRECTION_NOTES = (
    "Corrected the date of the court appearance.",
    "Added the contact details of the press office.",
    "Corrected the spelling of a place name.",
    "Updated the number of arrests.",
)


@dataclass(frozen=True)
class Official:
    rank: str
    name: str
    role: str
    region: str

    @property
    def issuer(self) -> str:
        return f"{self.rank} {self.name}, {self.role}"


@dataclass(frozen=True)
class Record:
    """One generated statement, independent of the format it is written in."""

    path: str  # relative to the content folder: statements/YYYY/YYYY-MM-DD-slug.md
    slug: str
    title: str
    date: datetime.datetime
    level: ThreatLevel
    category: str
    tags: tuple[str, ...]
    summary: str
    issuer: str
    contact: dict[str, str]
    body: str
    updated: datetime.date | None
    correction: str | None


def records(count: int, seed: int = SEED) -> list[Record]:
    """``count`` statements in date order: the same ones for the same count and seed."""
    rng = random.Random(seed)
    officials = [_official(rng) for _ in range(OFFICIALS)]
    levels = _level_sequence(rng, count)
    taken: set[str] = set()
    made = []
    for index, moment in enumerate(_moments(rng, count)):
        previous = levels[index - 1] if index else levels[index]
        made.append(_record(rng, moment, previous, levels[index], rng.choice(officials), taken))
    return made


def _official(rng: random.Random) -> Official:
    region = rng.choice(REGIONS)
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    return Official(rng.choice(RANKS), name, rng.choice(ROLES).format(region=region), region)


def _moments(rng: random.Random, count: int) -> list[datetime.datetime]:
    """Issue times in UK local time, between 07:00 and 22:00, sorted; several may share a day."""
    days = (LAST_DAY - FIRST_DAY).days + 1
    moments: set[datetime.datetime] = set()
    while len(moments) < count:  # no two at the same minute, so date order is one order
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(days))
        minutes = rng.randrange(7 * 60, 22 * 60, 5)
        moments.add(datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=UK_TIME))
    return sorted(moments)


def _level_sequence(rng: random.Random, count: int) -> list[ThreatLevel]:
    """The national level at each statement: steady for long spells, moving one step at a time.

    CRITICAL never lasts long; from LOW the only way is up, and the level drifts
    back towards SUBSTANTIAL and SEVERE, as it has since 2006.
    """
    upward_chance = {0: 1.0, 1: 0.6, 2: 0.5, 3: 0.25, 4: 0.0}  # by position in LEVELS
    change_chance = min(0.5, LEVEL_CHANGES / max(count, 1))
    level = ThreatLevel.SEVERE
    sequence = []
    for _ in range(count):
        if rng.random() < (0.3 if level is ThreatLevel.CRITICAL else change_chance):
            position = LEVELS.index(level)
            level = LEVELS[position + 1 if rng.random() < upward_chance[position] else position - 1]
        sequence.append(level)
    return sequence


def _record(rng, moment, previous: ThreatLevel, level: ThreatLevel, official: Official, taken: set[str]) -> Record:
    changed = level is not previous
    category = LEVEL_CATEGORY if changed else _weighted(rng, CATEGORY_WEIGHTS)
    contact = _contact(rng, official.region)
    words = _Words(rng, moment, previous, level, official, contact)
    title = words.fill(rng.choice(LEVEL_CHANGE_TITLES if changed else TITLES[category]))
    lead = words.fill(rng.choice(LEVEL_CHANGE_LEADS if changed else LEADS[category]))
    slug = _unique_slug(title, taken)
    updated = moment.date() + datetime.timedelta(days=rng.randrange(1, 20)) if rng.random() < 1 / 16 else None
    return Record(
        path=f"statements/{moment:%Y}/{moment:%Y-%m-%d}-{slug}.md",
        slug=slug,
        title=title,
        date=moment,
        level=level,
        category=category,
        tags=_tags(rng),
        summary=lead,
        issuer=official.issuer,
        contact=contact,
        body=_body(rng, words, lead, official, CATEGORY_THEMES[category]),
        updated=updated,
        correction=rng.choice(CORRECTION_NOTES) if updated else None,
    )


class _Words(dict):
    """The values a template may name: fixed for one statement, except a few drawn for every sentence."""

    def __init__(self, rng, moment, previous: ThreatLevel, level: ThreatLevel, official: Official, contact):
        place = rng.choice(PLACES)
        number = rng.choice(NUMBER_WORDS)
        earlier = moment - datetime.timedelta(days=rng.randrange(0, 4))
        person = rng.choice(("man", "woman"))
        super().__init__(
            place=place,
            other_place=rng.choice(PLACES),
            venue=rng.choice(VENUES),
            street=f"{rng.choice(SURNAMES)} {rng.choice(STREET_KINDS)}",
            operation=rng.choice(OPERATIONS),
            event=rng.choice(EVENT_TYPES),
            season=rng.choice(SEASONS),
            audience=rng.choice(AUDIENCES),
            community=rng.choice(COMMUNITIES),
            offence=rng.choice(OFFENCES),
            defendant=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
            person=person,
            Person=person.capitalize(),
            age=rng.randrange(17, 65),
            number=number,
            Number=number.capitalize(),
            region=official.region,
            weekday=WEEKDAYS[earlier.weekday()],
            on_day=f"on {WEEKDAYS[earlier.weekday()]} {earlier.day} {earlier:%B}",
            organisation=rng.choice(ORGANISATIONS).format(place=place),
            year=moment.year - rng.randrange(1, 6),
            level=level.name,
            old_level=previous.name,
            meaning=level.meaning,
            changed="raised" if level > previous else "lowered",
            hotline=HOTLINE,
            phone=contact["phone"],
            url=PRESS_OFFICES[official.region]["url"],
        )
        self.rng = rng

    def fill(self, template: str) -> str:
        hour = self.rng.randrange(6, 20)
        fresh = {
            "agency": self.rng.choice(AGENCIES),
            "count": self.rng.randrange(40, 900),
            "hour": f"{hour}:00",
            "later_hour": f"{hour + self.rng.randrange(1, 4)}:30",
        }
        return template.format_map({**self, **fresh})


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _unique_slug(title: str, taken: set[str]) -> str:
    """At most eight words of the title, not ending on a small word, unique in the archive."""
    words = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()[:8]
    while words[-1] in SMALL_WORDS:
        words.pop()
    base = "-".join(words)
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    taken.add(slug)
    return slug


def _tags(rng: random.Random) -> tuple[str, ...]:
    """One to four distinct tags; the first in the pool are the most common, as in a real archive."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(TAGS))]
    drawn = rng.choices(TAGS, weights=weights, k=rng.randrange(1, 5))
    return tuple(dict.fromkeys(drawn))


def _contact(rng: random.Random, region: str) -> dict[str, str]:
    office = PRESS_OFFICES[region]
    return {key: office[key] for key, chance in (("phone", 1), ("email", 0.9), ("url", 0.6)) if rng.random() < chance}


def _body(rng: random.Random, words: _Words, lead: str, official: Official, themes: tuple[str, ...]) -> str:
    """About 600 words of Markdown: the story, the official's quote, maybe a list, a closing line."""
    target = rng.randrange(*WORDS_PER_STATEMENT)
    details = _Deck(rng, tuple(sentence for theme in themes for sentence in DETAILS[theme]))
    story = [" ".join([lead, *(words.fill(details.draw()) for _ in range(2))])]
    quote = _quote(rng, words, official)
    section = ["## " + rng.choice(SUBHEADINGS), _advice_list(rng)] if rng.random() < 0.4 else []
    closing = words.fill(rng.choice(CLOSINGS))
    while _word_count([*story, *quote, *section, closing]) < target:
        story.append(" ".join(words.fill(details.draw()) for _ in range(rng.randrange(2, 5))))
    return "\n\n".join([*story[:2], *quote, *story[2:], *section, closing]) + "\n"


class _Deck:
    """Sentences drawn without repeats until all have been used, as a writer avoids repeating a sentence."""

    def __init__(self, rng: random.Random, cards: tuple[str, ...]):
        self.rng, self.cards, self.left = rng, cards, []

    def draw(self) -> str:
        if not self.left:
            self.left = self.rng.sample(self.cards, len(self.cards))
        return self.left.pop()


def _quote(rng: random.Random, words: _Words, official: Official) -> list[str]:
    """An attribution line, then paragraphs that open with “ and the last of which closes with ”."""
    sentences = _Deck(rng, QUOTES)
    paragraphs = [" ".join(words.fill(sentences.draw()) for _ in range(3)) for _ in range(rng.randrange(2, 4))]
    quoted = [f"“{text}" for text in paragraphs]
    quoted[-1] += "”"
    return [f"{official.rank} {official.name}, {official.role}, said:", *quoted]


def _advice_list(rng: random.Random) -> str:
    numbered = rng.random() < 0.5
    items = rng.sample(ADVICE, rng.randrange(3, 6))
    return "\n".join(f"{number}. {item}" if numbered else f"- {item}" for number, item in enumerate(items, 1))


def _word_count(blocks: list[str]) -> int:
    return sum(len(block.split()) for block in blocks)


# Writing the records in each format.


def ours(record: Record) -> str:
    """The archive's own format: YAML front matter with the schema's field names."""
    front_matter = {
        "title": record.title,
        "date": record.date.isoformat(),
        "threat_level": record.level.name,
        "category": record.category,
        "tags": list(record.tags),
        "summary": record.summary,
        "issuer": record.issuer,
        "contact": record.contact,
    }
    if record.updated:
        front_matter["updated"] = record.updated.isoformat()
        front_matter["corrections"] = [{"date": record.updated.isoformat(), "note": record.correction}]
    unknown = set(front_matter) - set(FIELDS)
    missing = set(REQUIRED_FIELDS) - set(front_matter)
    if unknown or missing:
        raise RuntimeError(f"bench/generate.py is out of step with the schema: unknown {unknown}, missing {missing}")
    return _with_yaml(front_matter, record.body)


def vanilla(record: Record) -> str:
    """Pelican's own Markdown metadata, the same text with the fields Pelican knows."""
    lines = [
        f"Title: {record.title}",
        f"Date: {record.date.isoformat()}",
        *([f"Modified: {record.updated.isoformat()}"] if record.updated else []),
        f"Category: {record.category}",
        f"Tags: {', '.join(record.tags)}",
        f"Summary: {record.summary}",
        f"Slug: {record.slug}",
    ]
    return "\n".join(lines) + "\n\n" + record.body


def hugo(record: Record) -> str:
    """Hugo's YAML front matter, for the reference build."""
    front_matter = {
        "title": record.title,
        "date": record.date.isoformat(),
        **({"lastmod": record.updated.isoformat()} if record.updated else {}),
        "slug": record.slug,
        "categories": [record.category],
        "tags": list(record.tags),
        "summary": record.summary,
    }
    return _with_yaml(front_matter, record.body)


def _with_yaml(front_matter: dict, body: str) -> str:
    dumped = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{dumped}---\n{body}"


WRITERS = {"ours": ours, "vanilla": vanilla, "hugo": hugo}


def write(count: int, folder: Path, format: str = "ours", seed: int = SEED) -> list[Path]:
    """Write ``count`` statements under ``folder`` in ``format``; return their paths in date order."""
    render = WRITERS[format]
    paths = []
    for record in records(count, seed):
        path = folder / record.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(record), encoding="utf-8")
        paths.append(path)
    return paths


def positive_count(text: str) -> int:
    """An argparse type for counts: a whole number, 1 or more."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=positive_count, metavar="N", help="how many statements")
    parser.add_argument("outdir", type=Path, help="an empty or new folder to write the statements into")
    parser.add_argument("--format", choices=FORMATS, default="ours")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.outdir.exists() and any(args.outdir.iterdir()):
        parser.error(f"{args.outdir} is not empty: statements left from another N would be mixed in")
    paths = write(args.count, args.outdir, args.format, args.seed)
    print(f"{len(paths)} statements ({args.format}) in {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
