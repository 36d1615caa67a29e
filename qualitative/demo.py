"""Demo interviews for `manage.py load_demo`: the seed paper's own quotes (Fyhn et al. 2020) as
short sources for the demo centers, coded to the items and survey statements the paper ties them to.

The paper does not say which center each remark came from; the demo places the IPS specialists'
remark on employer contact at a less performing center (C1: job development quality 2) so the
joint display shows the paper's finding beside the scores (2.33 vs 5.00). Running it again
changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from centers.roles import Role
from centers.services import user_set_centers
from qualitative.models import Code, Project, Source
from qualitative.services import code_create, coding_create, project_create, source_create

PROJECT_NAME = "Pilot study: process evaluation (Fyhn et al. 2020)"
RESEARCHER = ("researcher", "Randi", "Researcher")

# name -> (colour, definition, IPS-25 item numbers, statement texts, parent)
CODES = {
    "Job development": ("#1f77b4", "Contact with employers to develop jobs.", [17, 18], [], None),
    "Employer contact": (
        "#17becf",
        "Meeting and calling employers; being assertive in person and on the phone.",
        [17, 18],
        [],
        "Job development",
    ),
    "Time use": (
        "#ff7f0e",
        "How specialists divide their time between office, participants and employers.",
        [24],
        [],
        None,
    ),
    "Role of the specialist": (
        "#2ca02c",
        "Seller, facilitator, sometimes therapist.",
        [],
        [],
        None,
    ),
    "Integration with the treatment team": ("#d62728", "", [4, 5], [], None),
    "Availability": (
        "#9467bd",
        "The specialist is quick to respond and there when needed.",
        [],
        ["Knowing that the IPS specialist was available for me was helpful"],
        None,
    ),
    "Disclosure": (
        "#8c564b",
        "Choosing whether to be open about one's illness with employers.",
        [13],
        ["Being able to choose whether or not to be open about my illness was helpful"],
        None,
    ),
    "Expectations": ("#e377c2", "", [], ["IPS was not what I expected"], None),
}

FOCUS_GROUPS = [
    (
        "C1",
        "IPS specialist A",
        "Employer contact",
        "...the job development part, that's something that for most of us, and definitely for "
        "me, has been new and different, going out and being assertive both on the phone and in "
        "person (...) After a while I realized it's been written in the manual the whole time, "
        "that we really need to have our main focus on job development. We've made some changes "
        "now this fall where we have set targets and try to reserve days and times to do that.",
    ),
    (
        "C4",
        "IPS specialist B",
        "Time use",
        "What we always have to challenge ourselves on is the use of time, considering time spent "
        "on internal meetings, participant meetings and employer contact. To obtain the optimal "
        "allocation of resources is pretty challenging.",
    ),
    (
        "C3",
        "IPS specialist C",
        "Role of the specialist",
        "Being an IPS specialist is a pretty complex and difficult role, where you are a seller on "
        "the one hand, selling the best manpower there is, next you're a facilitator, an IPS "
        "specialist, and you can sometimes have a therapeutic approach at times when the "
        "therapist is not there. So, it is a very difficult role, and it takes time to be secure "
        "in it.",
    ),
    (
        "C6",
        "IPS specialist D",
        "Integration with the treatment team",
        "I think that it is the greatest success and the greatest challenge, that integration "
        "process (...), how we feel that they [treatment team] talk and feel concerning work.",
    ),
]

INTERVIEWS = [
    (
        "C3",
        "Informant 2",
        "Availability",
        "She is really good, really efficient. Supportive, calls and asks me to call back, to call "
        "on her spare time. If it's a good time it's a good time, if it's not a good time she "
        "calls me back up again. It's been really nice.",
    ),
    (
        "C5",
        "Informant 8",
        "Availability",
        "I think he's been really available, because even if he doesn't answer my call "
        "immediately, he calls me back up, he is always there for me if anything comes up. So "
        "yes...I feel I have received very, very good follow-up from him. So I am very happy.",
    ),
    (
        "C6",
        "Informant 2B",
        "Disclosure",
        "Yes, it's very nice because the IPS specialist can call around for me, I have anxiety "
        "about talking on the phone sometimes. And she is with me in the conversations with "
        "employers so that I understand what is being said, and she can also inquire about "
        "salary.",
    ),
    (
        "C1",
        "Informant 6",
        "Expectations",
        "I was promised employment within 6 weeks, and now I have waited for 13-14 months (...). I "
        "had expectations about follow-up from IPS specialist and close cooperation between my "
        "doctor, the District Psychiatric Center, and a permanent position with full salary. And "
        "none of it has happened.",
    ),
    (
        "C2",
        "Informant 5",
        "Expectations",
        "...the only expectation I did have that turned out not to be correct was that I kind of "
        "thought they had some sort of obligation to help me find a job so I didn't have to do "
        "such an effort myself. But that was totally wrong. (...) It's not like I can nag them "
        "and say 'Hey, find me a job', it's more like they come alongside and back me up on the "
        "things I manage to do.",
    ),
]


def load(centers: dict, users: dict, password: str) -> str:
    researcher = _researcher(centers, password)
    if Project.objects.filter(name=PROJECT_NAME).exists():
        return "Demo interviews are there already."
    # Reached through the relations rather than imported (reviews and participants are siblings).
    ScaleItem = Code._meta.get_field("scale_items").related_model
    Statement = Code._meta.get_field("statements").related_model
    scale = (
        ScaleItem.objects.filter(scale__code="IPS-25", scale__status="published")
        .order_by("-scale__version")
        .values_list("scale", flat=True)
        .first()
    )
    project = project_create(
        actor=users["admin"],
        name=PROJECT_NAME,
        description="Focus groups with the IPS teams and interviews with participants.",
        centers=list(centers.values()),
    )
    codes = {}
    for name, (colour, definition, numbers, statements, parent) in CODES.items():
        codes[name] = code_create(
            actor=users["admin"],
            project=project,
            name=name,
            colour=colour,
            definition=definition,
            parent=codes.get(parent),
            scale_items=ScaleItem.objects.filter(scale_id=scale, number__in=numbers),
            statements=Statement.objects.filter(text__in=statements),
        )
    sources = 0
    for kind, entries, day in (
        (Source.Kind.FOCUS_GROUP, FOCUS_GROUPS, datetime.date(2014, 9, 15)),
        (Source.Kind.PARTICIPANT_INTERVIEW, INTERVIEWS, datetime.date(2015, 3, 2)),
    ):
        for code_of_center, informant, code_name, text in entries:
            source = source_create(
                actor=researcher,
                project=project,
                center=centers[code_of_center],
                kind=kind,
                title=f"{Source.Kind(kind).label}, {code_of_center} ({informant})",
                text=text,
                date=day,
                interviewer="KL",
                informants=informant,
            )
            coding_create(
                actor=researcher, source=source, code=codes[code_name], start=0, end=len(text)
            )
            sources += 1
    return f"Added {sources} demo interview sources with the seed paper's quotes, coded."


def _researcher(centers: dict, password: str):
    username, first, last = RESEARCHER
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
    )
    if created:
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=Role.RESEARCHER))
        user_set_centers(user=user, centers=list(centers.values()))
    return user
