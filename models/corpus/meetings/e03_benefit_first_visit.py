"""About 3 minutes, in English: m03 (a first visit with a budget and debt adviser), translated.

Three speakers, for measuring the speech front end and speaker labels under reverberation.
Read like e01, by voices of the English voice survey's best at its best rate.
"""

from models.corpus.meetings.e01_benefit_followup import WORDS_PER_MINUTE
from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="e03_benefit_first_visit",
    title="First visit about financial assistance, with budget and debt advice",
    area="financial assistance",
    date="2026-11-12",
    language="en",
    words_per_minute=WORDS_PER_MINUTE,
    speakers=(
        Speaker("S1", "Sara Lind", "social worker", "en+f5", 30.0),
        Speaker("S2", "Ahmed Hassan", "applicant", "en+m7", 150.0),
        Speaker("S3", "Peter Berg", "budget and debt adviser", "en+m1", 270.0),
    ),
    lines=(
        Line(
            "S1", "Welcome. My name is Sara Lind and I am a social worker in financial assistance."
        ),
        Line(
            "S3", "My name is Peter Berg and I work as a budget and debt adviser for the council."
        ),
        Line("S2", "Hello, my name is Ahmed Hassan."),
        Line(
            "S1",
            "The purpose of the meeting is to go through your application for financial "
            "assistance and to look at your finances together with Peter.",
            purpose=True,
        ),
        Line("S1", "I need your personal identity number to find your case."),
        Line("S2", "It is 79 09 25-31 45.", personnummer=("79 09 25-31 45",)),
        Line("S1", "Thank you. Tell me what your situation looks like right now."),
        Line(
            "S2",
            "I was laid off from the warehouse in September. I have not received any "
            "unemployment benefit yet, because I was not a member of an unemployment fund. "
            "The rent for November is not paid.",
            negations=(
                "I have not received any unemployment benefit yet",
                "The rent for November is not paid",
            ),
        ),
        Line(
            "S2",
            "But I have registered with the employment service and I go to a meeting there "
            "every week.",
        ),
        Line("S1", "Have you applied for any jobs in the last month?"),
        Line(
            "S2",
            "Yes, I have applied for six jobs in warehousing and transport. I have an interview "
            "with a haulage firm next week, but I have not heard back from the others.",
            negations=("I have not heard back from the others",),
        ),
        Line("S1", "Who lives in your household?"),
        Line(
            "S2",
            "I live alone in a two room flat, but my son stays with me every other week. "
            "He is nine years old.",
        ),
        Line("S3", "How much do you pay for rent and electricity every month?"),
        Line(
            "S2",
            "The rent is 7,400 kronor and the electricity is about 600 kronor a month. "
            "Then I have a mobile phone contract and a bus pass.",
        ),
        Line("S3", "Do you have any debts with the enforcement authority?"),
        Line(
            "S2",
            "No, I have no debts with the enforcement authority. But I have borrowed "
            "5,000 kronor from my brother Yusuf Hassan.",
            negations=("I have no debts with the enforcement authority",),
            third_parties=("Yusuf Hassan",),
        ),
        Line(
            "S3",
            "Then I suggest that we make a budget together on Monday at one o'clock, so that "
            "you get a picture of your expenses.",
            dates=(D("on Monday", "2026-11-16"),),
            next_steps=(D("we make a budget together on Monday at one o'clock", "2026-11-16"),),
        ),
        Line("S2", "Yes, I would like that."),
        Line(
            "S1",
            "I have gone through the documents. My decision is that you are granted financial "
            "assistance for November of 6,200 kronor, and that the rent is paid directly to "
            "the landlord.",
            decisions=(
                "you are granted financial assistance for November of 6,200 kronor",
                "the rent is paid directly to the landlord",
            ),
        ),
        Line(
            "S1",
            "We agree that you send the bank statements for October by the 30th of November "
            "at the latest. You can email them to sara.lind@malmvik.se.",
            agreements=("you send the bank statements for October by the 30th of November",),
            dates=(D("by the 30th of November", "2026-11-30"),),
            next_steps=(
                D("you send the bank statements for October by the 30th of November", "2026-11-30"),
            ),
            emails=("sara.lind@malmvik.se",),
        ),
        Line(
            "S2",
            "Okay. I do not have a computer at home, but I can send them from the library.",
            negations=("I do not have a computer at home",),
        ),
        Line(
            "S1",
            "If you do not send the bank statements in time, we cannot consider the application "
            "for December. Tell me if it gets difficult, and we will find a solution.",
            negations=(
                (
                    "If you do not send the bank statements in time, we cannot consider the "
                    "application"
                ),
            ),
        ),
        Line(
            "S3",
            "You can reach me on 0480 45 12 30 if anything is unclear before Monday.",
            phone_numbers=("0480 45 12 30",),
        ),
        Line("S2", "Thank you, that is good to know."),
        Line("S1", "Then we finish here. Thank you for today, Ahmed."),
    ),
)
