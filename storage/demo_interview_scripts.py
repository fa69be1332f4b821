"""What the demo interviews say: notes written as an interviewer would, in the order taken.

Each line reads `<topic id> <kind>: <text>` (a line indented by four spaces continues the text
above); `-` as topic is a free note. Quotes are the participant's words; notes, observations
and summaries are the interviewer's. Fictional, but drawn from the kind of thing people say
about partnership working in health and social care.
"""

from __future__ import annotations

Script = tuple[tuple[str, str, str], ...]


def parse_script(text: str) -> Script:
    """Entries of a script block: (first word, second word, text); '-' reads as ''."""
    entries: list[tuple[str, str, str]] = []
    for line in text.strip().splitlines():
        if line.startswith("    "):
            first, second, words = entries[-1]
            entries[-1] = (first, second, f"{words} {line.strip()}")
            continue
        head, words = line.split(": ", 1)
        first, second = head.split()
        entries.append(("" if first == "-" else first, second, words.strip()))
    return tuple(entries)


DURHAM_STAFF: Script = parse_script(
    """
role note: Community nurse, eight years in the Derwentside team; co-located with social
    workers since the integrated team started in 2024.
role quote: When we first moved in together it was a row of desks with the nurses on one
    side and the social workers on the other. It took about six months before anyone
    swapped.
role note: Caseload mostly frail older people with long-term conditions; about a third also
    have a social worker allocated.
role observation: Held in a small meeting room at the team base; two interruptions from
    colleagues needing the room.
information note: Two record systems: SystmOne for health, the council's case management
    system for social care. She has read-only access to the council system after a wait of
    several months.
information quote: I can see that a social worker's been out, but not what they found. So I
    ring them, and they're out, and it goes round in circles.
information note: Workarounds: a shared Outlook calendar, a whiteboard of 'people we're both
    worried about', a fifteen-minute huddle on Tuesday mornings.
information quote: The huddle is the best thing we've got. Fifteen minutes, standing up, and
    you find out the person you were going to visit is already in hospital.
information note: Unsure whether she may e-mail a care plan to the council's brokerage team;
    has been told different things by different managers.
information summary: Information sharing rests on relationships and the huddle rather than
    on the systems; two record systems remain the main barrier.
culture note: Trust has grown between individuals but not between organisations. Different
    attitudes to risk: nurses more cautious about leaving people at home.
culture quote: Social workers talk about people's right to make unwise decisions. We're
    trained to stop people coming to harm. Both are right, but we had to learn to hear each
    other.
culture note: Joint training days in the first year helped; they stopped when the training
    budget was cut.
culture quote: You can't integrate teams on goodwill alone, but without goodwill you can't
    integrate them at all.
management note: Line-managed by a nurse team leader; professional supervision stays within
    nursing. The team's operational lead is a social worker.
management quote: If there's a disagreement about a case, who decides? Honestly, it goes up
    both lines and comes back three weeks later.
management note: Joint management meeting is monthly; she doubts its decisions reach the
    front line.
management note: Probe on escalation: no agreed route for disputes over which organisation
    pays for a package of care.
budget note: Knows of the pooled budget (Better Care Fund) in principle; has never seen it
    affect her day-to-day work.
budget quote: Pooled budget? I've heard the phrase. Nobody's ever said to me 'you can use
    this for that'.
budget note: Example: a pressure-relieving mattress held up for nine days while health and
    social care argued over whose budget it came from.
budget observation: Became noticeably more animated about the mattress example; clearly a
    lasting frustration.
budget summary: The pooled budget is invisible to practitioners; disputes over who pays
    still delay equipment and packages.
outcomes note: Thinks clients get a quicker response with both professions in one building:
    a same-day joint visit after a fall last month.
outcomes note: Less sure about longer-term outcomes; nobody has shown the team any figures.
outcomes quote: I'd love to know if what we're doing makes a difference. We fill in the
    forms and never see anything back.
outcomes note: Would like a single shared record, a named link worker in each profession and
    joint training back.
outcomes summary: Positive about co-location and the huddle; sceptical about organisational
    commitment; wants feedback on outcomes and a shared record.
- note: Offered to send the huddle template; follow up by e-mail.
- note: Ran ten minutes over; happy to be contacted for the second round.
"""
)

DURHAM_CARER: Script = parse_script(
    """
first_contact note: Cares for her husband (82, Parkinson's disease, recent falls). They live
    in a Dales village; the nearest town is forty minutes by bus.
first_contact quote: The first I knew there was an integrated team was when a nurse and a
    social worker turned up together after his fall. Nobody told us it existed.
first_contact note: Referral came through the GP after the second fall; before that she had
    'managed on her own' for about two years.
discharge note: Husband spent eleven days in hospital in March. Discharged on a Friday
    evening with no care package in place.
discharge quote: They rang me at four o'clock to say he was coming home at six. The carers
    didn't start until the Tuesday. I did everything that weekend, lifting him and all.
discharge note: The reablement team then visited for six weeks and she found them
    'marvellous'; support stopped when reablement ended.
discharge quote: Six weeks and then it just stops. They said someone would be in touch about
    longer-term care and it was another month before anyone came.
discharge summary: Friday discharge without services in place; reablement valued; a gap of
    about a month when it ended.
assessment note: Assessment thorough but repetitive: asked the same questions by three
    different people in the first fortnight.
assessment quote: I must have told his whole history four times. You'd think they'd write it
    down somewhere they could all see it.
assessment note: Carer's assessment offered but not done yet; she was unsure what it was
    for.
assessment observation: Her husband was present for the first twenty minutes, then went to
    rest; she spoke more freely after that.
together note: Sees the team as 'better than before' because she has one phone number, but
    still has to chase.
together quote: If I ring the number I get someone who knows him. That's worth a lot.
    Before, it was a different person every time.
together note: Unclear who her main contact is: she thinks the nurse; the letters she showed
    me name a social worker.
waiting note: Waited fourteen weeks for an occupational therapy assessment for a stair lift;
    in the end they bought a second-hand one privately.
waiting quote: We couldn't wait any longer. He was sleeping in the chair downstairs. So we
    paid for it ourselves, which we could just about do. Not everyone could.
waiting observation: Upset describing the weeks he slept downstairs; I paused and offered to
    stop; she chose to carry on.
change note: Wants one named person, a written plan to keep at home, and a call before
    discharge rather than on the day.
change quote: Just tell us what's happening. I don't expect miracles. I expect someone to
    ring me back.
change summary: Values continuity and one number; the problems are repeating the history,
    discharge without notice and waiting for equipment.
- note: Left the carers' centre leaflet and the Durham carers' support number, as the
    protocol asks.
"""
)

CUMBRIA_CARER: Script = parse_script(
    """
first_contact note: Daughter caring for her mother (79, Alzheimer's disease); lives twenty
    minutes away and visits every day.
first_contact quote: It took nearly a year to get Mum seen. The GP kept saying it was her
    age.
first_contact note: Referred to the memory service after an incident with the cooker.
assessment note: Seven months from referral to first appointment at the memory service;
    diagnosis at the second appointment.
assessment quote: Once we were in, they were brilliant. It's getting in that's the problem.
assessment note: The memory nurse's home visit suited her mother far better than the clinic.
assessment observation: She had brought a folder of letters and appointment cards and
    referred to it throughout.
discharge note: Mother admitted to the Cumberland Infirmary with an infection and delirium;
    stayed five weeks, mostly 'waiting for a package'.
discharge quote: She was medically fit after ten days. Then it was 'we're waiting for social
    care', and social care said they were waiting for the hospital's paperwork.
discharge note: Felt pressed to agree to a care home placement at the discharge meeting,
    with no time to think.
discharge quote: I was told there was a bed in a home in Maryport and if I didn't take it
    we'd lose it. That's forty minutes from me.
discharge summary: Delay blamed on hand-offs between hospital and social care; pressure to
    accept a distant placement.
together note: Community mental health nurse and council social worker both involved; she
    calls them 'two different worlds'.
together quote: The community psychiatric nurse and the social worker had never met. I
    introduced them in Mum's kitchen.
together note: Thinks the day hospital staff in Workington do talk to the social workers,
    because they share a building.
waiting note: Respite: asked in January, offered two weeks in July. Has not had a full
    weekend off in over a year.
waiting quote: I'm not complaining about the people. Everybody's run off their feet. There
    just aren't enough of them.
waiting note: The carers' group in Kendal helps, but meets on a weekday afternoon when she
    is at work.
change note: Would value one care coordinator across health and social care, and an evening
    carers' group.
change quote: Somebody whose job it is to hold it all together. At the moment that's me, and
    I'm not paid for it.
- note: Consent form re-read together at the start; she asked that her mother's name is not
    used in any report.
"""
)

NORTHUMBERLAND_STAFF: Script = parse_script(
    """
reorganisation note: Senior social worker in the Blyth locality; eleven years in children's
    services and her third reorganisation.
reorganisation quote: Every reorganisation starts with a new map and ends with the same
    people doing the same job in a different building.
reorganisation note: Thinks this one is different: health visitors and school nurses are in
    the locality hub two days a week.
transitions note: Her biggest worry: young people with disabilities or mental health needs
    at 17 to 18, moving to adult services.
transitions quote: At seventeen and a half there's a whole team around the young person. At
    eighteen there's a letter saying they don't meet the criteria for adult social care.
transitions note: CAMHS discharges at 18; the adult community mental health team's threshold
    is much higher; some young people fall between.
transitions quote: We had a lad who'd been with CAMHS for four years. On his birthday he was
    discharged to his GP. His mum rang us in tears.
transitions note: Preparing for adulthood is meant to start at 14; in practice planning
    starts at 17.
transitions summary: Transition at 18 is the clearest loss of support: different thresholds,
    late planning, adult services not at the table early enough.
information note: Early help and social care now share one case system; school nursing
    records are separate and schools use their own safeguarding software.
information quote: A school will know something on Monday that we find out about on
    Thursday, and only because a teacher happened to ring.
information note: The multi-agency safeguarding hub works for urgent referrals; low-level
    concerns below the threshold are the problem.
information observation: Interrupted twice by calls about a case; a busy duty week.
thresholds note: Schools think thresholds have risen; she thinks capacity has fallen rather
    than the threshold moving.
thresholds quote: We're not saying no more often. We're saying 'not yet' more often, and to
    a head teacher that feels the same.
thresholds note: Early help assessments from schools vary in quality; joint training poorly
    attended by high schools.
schools note: Good relationships with first schools: safeguarding leads know the locality
    team by name.
schools note: High schools harder to engage; academies in a trust run their own pastoral
    model.
schools quote: Where it works, it's because the safeguarding lead and the social worker have
    each other's mobile numbers. That's not a system, that's luck.
next note: Wants adult services at locality meetings from 16, a shared chronology for each
    family, and protected time for joint visits.
next quote: Give us time to do things together and we'll do them. At the moment joint
    working is the first thing to go when we're busy.
next summary: The reorganisation has brought people together physically; information is
    still split; transitions at 18 and high schools are the weak points.
"""
)
