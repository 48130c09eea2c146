"""Words that are never redacted: protected characteristics, roles and behaviours.

A triage responder needs "Black", "Muslim", "pregnant" or "manager" to understand what
happened; NER models often tag them (NORP, PERSON), and deleting them would erase the very
discrimination being reported. Any candidate span made only of these words is dropped and
PERSON spans are trimmed of them.
"""

from __future__ import annotations

_PROTECTED = """
black white asian brown mixed arab arabic african caribbean jamaican nigerian ghanaian
somali kenyan ethiopian eritrean sudanese indian pakistani bangladeshi sri lankan nepali
chinese japanese korean vietnamese filipino thai malaysian indonesian polish romanian
bulgarian lithuanian latvian ukrainian russian hungarian czech slovak albanian turkish kurdish
iranian iraqi syrian lebanese egyptian moroccan algerian palestinian israeli afghan
hispanic latino latina latinx mexican colombian spanish portuguese brazilian italian greek
irish scottish welsh english british european american gypsy roma romani traveller
immigrant immigrants migrant foreigner foreign refugee asylum ethnic ethnicity race racial
racist racism colour color accent
muslim muslims islam islamic jewish jew jews judaism christian christians catholic
protestant sikh sikhs hindu hindus buddhist buddhists atheist religion religious faith
hijab headscarf turban niqab burka kippah yarmulke mosque church synagogue temple gurdwara
prayer pray praying ramadan eid diwali sabbath halal kosher
gay lesbian bisexual bi queer homosexual heterosexual straight lgbt lgbtq lgbtqia
trans transgender nonbinary non-binary gender genderqueer intersex pronouns pronoun
transition transitioning deadname deadnamed deadnaming misgender misgendered misgendering
woman women female females girl girls man men male males boy boys lady ladies gentleman
sex sexist sexism sexual sexuality orientation feminine masculine
disabled disability disabilities deaf blind autistic autism adhd dyslexic dyslexia
wheelchair crutches epilepsy epileptic diabetic diabetes cancer chronic illness mental
depression anxiety bipolar schizophrenia ptsd neurodivergent impairment hearing sight
adjustment adjustments reasonable
pregnant pregnancy maternity paternity breastfeeding miscarriage ivf baby nursing
age older old young younger elderly menopause menopausal retirement
married marriage civil partnership divorced widowed single mother father parent carer
"""

_ROLES = """
manager managers supervisor supervisors boss director directors head chief lead leader
colleague colleagues coworker coworkers co-worker team teammate teammates staff employee
employees worker workers assistant intern trainee apprentice graduate contractor agency
lecturer lecturers professor tutor tutors teacher teachers instructor student students
undergraduate postgraduate phd supervisor researcher technician administrator admin
receptionist secretary clerk cleaner caretaker porter security guard driver chef cook
waiter waitress bartender nurse doctor consultant surgeon midwife paramedic carer
engineer developer analyst accountant officer coordinator advisor adviser mentor coach
dean chair principal headteacher pastor imam rabbi priest vicar steward customer client
patient visitor resident flatmate housemate roommate classmate friend partner landlord
hr union representative rep senior junior deputy executive ceo cfo founder owner member
"""

_BEHAVIOURS = """
harass harassed harassing harassment bully bullied bullying bullies abuse abused abusive
assault assaulted grope groped groping touch touched touching grab grabbed kiss kissed
follow followed following stalk stalked stalking threaten threatened threatening threat
threats slur slurs insult insulted mock mocked mocking shout shouted shouting scream
screamed yell yelled hit punch punched push pushed shove shoved spat spit exclude excluded
ignore ignored humiliate humiliated intimidate intimidated discriminate discriminated
discrimination victimise victimised victimisation retaliate retaliation rape raped
comment comments joke jokes remark remarks message messages messaged photo photos
"""

# Countries and regions: "go back to Ghana" states national origin, a protected
# characteristic, and a country never identifies a person on its own.
_COUNTRIES = """
africa asia europe america caribbean china japan korea india pakistan bangladesh nepal
nigeria ghana kenya somalia ethiopia eritrea sudan uganda zimbabwe zambia congo cameroon
senegal gambia sierra leone liberia mali niger egypt morocco algeria tunisia libya
jamaica trinidad barbados haiti cuba mexico colombia venezuela peru chile argentina brazil
ecuador bolivia guatemala honduras salvador nicaragua spain portugal italy greece france
germany poland romania bulgaria hungary czechia slovakia lithuania latvia estonia ukraine
russia belarus moldova albania serbia croatia bosnia kosovo turkey syria iraq iran israel
palestine lebanon jordan yemen oman qatar kuwait bahrain emirates saudi afghanistan
vietnam thailand cambodia laos myanmar burma malaysia indonesia philippines singapore
taiwan tibet mongolia ireland scotland wales england britain
"""

ROLE_WORDS: frozenset[str] = frozenset(_ROLES.split()) | frozenset(
    "cashier waitress waiter starter guy lad bloke girl woman man lady kid cook chef lead "
    "shift sister brother son daughter neighbour flatmate".split()
)
"""Nouns that describe a person's role; "my manager X" and "X the team leader" mark names."""

KEEP_WORDS: frozenset[str] = frozenset((_PROTECTED + _ROLES + _BEHAVIOURS + _COUNTRIES).split())
"""Lower-case words that no recognizer may remove on their own."""


def is_keep_word(word: str) -> bool:
    """Tell whether ``word`` must survive redaction.

    Args:
        word: One token, any case; a trailing possessive is ignored.

    Returns:
        True for protected-characteristic, role and behaviour words.
    """
    lowered = word.casefold().removesuffix("'s").removesuffix("’s")
    return lowered in KEEP_WORDS
