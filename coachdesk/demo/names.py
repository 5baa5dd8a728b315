"""Word lists for synthetic people and notes. All invented; none describes a real person."""

GIVEN = [
    "Aisha", "Alex", "Amir", "Ava", "Bartosz", "Bethan", "Callum", "Chloe", "Connor", "Darius",
    "Deepa", "Eilidh", "Emeka", "Emma", "Fatima", "Freya", "Gareth", "Grace", "Hamza", "Harriet",
    "Imran", "Isla", "Jack", "Jasmine", "Kwame", "Kerry", "Łukasz", "Leah", "Liam", "Maryam",
    "Megan", "Mohammed", "Niamh", "Nathan", "Oluwaseun", "Olivia", "Owen", "Priya", "Rhys",
    "Rosa", "Ryan", "Saira", "Sean", "Siobhán", "Sophie", "Tariq", "Tomasz", "Yusuf", "Zoë",
    "Zainab",
]
#: the short forms people really go by (no cut-off names: "Fat" is not short for Fatima)
SHORT_FORMS = {
    "Bethan": "Beth", "Callum": "Cal", "Mohammed": "Mo", "Harriet": "Hattie",
    "Jasmine": "Jas", "Nathan": "Nate", "Oluwaseun": "Seun", "Bartosz": "Bartek",
    "Tomasz": "Tomek", "Olivia": "Liv", "Megan": "Meg",
}
FAMILY = [
    "Ahmed", "Akhtar", "Bailey", "Begum", "Brown", "Campbell", "Chowdhury", "Clarke", "Davies",
    "Edwards", "Evans", "Green", "Hall", "Hussain", "Iqbal", "Jackson", "James", "Jones",
    "Kaur", "Kowalski", "Lewis", "Mahmood", "Martin", "Mensah", "Morgan", "Nowak", "O'Brien",
    "Okafor", "Patel", "Phillips", "Roberts", "Robinson", "Shah", "Singh", "Smith", "Taylor",
    "Thomas", "Thompson", "Walker", "White", "Williams", "Wilson", "Wood", "Wright", "Young",
    "Zieliński", "Ó Súilleabháin", "MacLeod", "Nguyen", "Adeyemi",
]
STREETS = ["Oakwood Lane", "Harehills Green", "Moor Allerton Way", "Gledhow Rise", "Easterly Mews"]
PRACTICES = [
    ("Oakwood Lane Medical Practice", "Y99001", "12 Oakwood Lane, Leeds LS8 2AA"),
    ("Harehills Green Surgery", "Y99002", "3 Harehills Green, Leeds LS9 7ZZ"),
    ("Gledhow Rise Health Centre", "Y99003", "40 Gledhow Rise, Leeds LS7 4XX"),
]
BARRIERS = [
    "anxiety", "depression", "back pain", "long COVID", "fatigue", "diabetes", "caring duties",
    "debt worries", "housing", "confidence", "arthritis", "migraine", "ADHD", "autism",
]
NOTE_OPENERS = [
    "Talked through how the last fortnight has gone.",
    "Client attended on time and seemed brighter than last session.",
    "Phone session: client prefers calls while sleep is poor.",
    "Reviewed the fit note and what the GP said about a phased return.",
    "Client worried about a meeting with their line manager next week.",
    "Discussed options for reasonable adjustments at work.",
]
NOTE_MIDDLES = [
    "We looked at what a phased return could look like, starting with two short days.",
    "Talking therapies self-referral explained; client will think about it.",
    "Access to Work explained, including support for travel and equipment.",
    "Money worries are making sleep worse; agreed debt advice would help.",
    "Client wants to try volunteering to rebuild routine and confidence.",
    "Updated CV together and picked three local roles to look at.",
    "Client has been managing pain better with the new exercise routine.",
]
NOTE_CLOSERS = [
    "Agreed actions added to the plan.",
    "Next session booked in two weeks.",
    "Client happy with the plan and took a printed copy.",
    "Will check in by phone before the next clinic.",
]
STEPS = [
    "Call the talking therapies service to self-refer",
    "Book a GP review of the fit note",
    "Ask the employer for a return-to-work meeting",
    "Send the updated CV to the coach",
    "Apply for two roles from the shortlist",
    "Contact the debt advice service for an appointment",
    "Look into the Access to Work application",
    "Try the walking group on Tuesday mornings",
    "Write down three things that went well each week",
    "Check the volunteering opportunities at the community centre",
]
GOALS = [
    "I want to get back to my job at the warehouse without making my back worse.",
    "I want to feel confident enough to apply for part-time office work.",
    "I want to sort out my money worries so I can sleep.",
    "I want to stay in work and have the right adjustments in place.",
    "I'd like to do some volunteering to get back into a routine.",
]
