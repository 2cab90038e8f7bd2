"""Invented documents about invented films, for checking that the importer
generalises beyond the seeds.

Three films, each with a reference article (citation markers, plot, cast,
production, reception) and critic reviews or an essay written the way real
critics write: full names first, surnames later, pronouns, possessives,
spelling slips, other films named in passing. Every name here is made up.
"""

from pathlib import Path

SALT_MARSH_ARTICLE = """\
The Salt Marsh is a 2019 Irish drama film written and directed by Siobhán O'Neill, in her second feature.[1] It stars Niamh Gallagher, Ciarán McAuley and Jean-Luc Marchetti. The film premiered at the Galway Film Fleadh in July 2019 and was released in Ireland on 14 February 2020.[2]

Plot
Brigid Doherty (Niamh Gallagher) runs an oyster farm on the Clare coast that has been in her family for four generations. After the death of her husband, Declan, she is left with mounting debts and a teenage daughter, Aoife, who wants to leave for university in Dublin. Brigid's estranged brother Eamon (Ciarán McAuley) returns from Boston and proposes selling the foreshore to Luc Garnier (Jean-Luc Marchetti), a developer who plans to build a hotel. When a storm destroys most of the oyster beds, Brigid must decide whether to accept Garnier's offer. Aoife later discovers that her father had secretly agreed to the sale months before he died.

Cast
Niamh Gallagher as Brigid Doherty
Ciarán McAuley as Eamon Doherty
Jean-Luc Marchetti as Luc Garnier
Róisín Nic Giolla Phádraig as Aoife Doherty
Ana María de la Cruz as Inés, a marine biologist

Production
The screenplay by O'Neill was developed over four years.[3] The film was produced by Fergal Byrne and Ana María de la Cruz, who also appears in a supporting role.[4] Music is by Colm Ó Ceallaigh, cinematography by Karolina Wiśniewska and editing by Padraig Kelleher.
Filming took place in County Clare in March and April 2018, mainly in and around Kilrush, including Cappagh Pier (Céibh an Chapaill) and the Vandeleur Walled Garden.[5] Storm sequences were shot on the Loop Head peninsula. Interior scenes were filmed at Ardmore Studios in Bray, County Wicklow, and a short sequence was shot in Dublin at Heuston Station.[6]

Reception
On review aggregator Rotten Tomatoes, the film holds an approval rating of 87% based on 112 reviews, with an average rating of 7.4/10.[7] The site's critics consensus reads: "Anchored by a ferocious lead performance, The Salt Marsh is a bracing portrait of grief, land and belonging." On Metacritic the film has a score of 68 out of 100 based on 31 critics, indicating "generally favorable reviews".[8]
"""

SALT_MARSH_REVIEW = """\
There is a moment early in The Salt Marsh when Brigid, up to her knees in grey water at dawn, lifts an oyster cage and simply stares at it, as if the sea had sent her a bill. It is the best image in Siobhán O'Neill's film, and it tells you almost everything you need to know about the woman at its centre.

Niamh Gallagher plays Brigid with a coiled, wary stillness that I found hard to look away from. Gallagher has been a reliable presence on Irish television for a decade, but this is the role that should make her a star. She also co-produced the film through her own small company.

Ciarán McAuley is very good as the returning brother, all charm and bad debts, and Jean-Luc Marchetti brings a sly, amused menace to Garnier, the developer who wants to turn the shoreline into a spa. Marchetti, better known in France as the director of the thriller Nightjar, clearly relishes the chance to play a villain in a second language.

O'Neill shoots the estuary in flat pewter light, and Karolina Wiśniewska's camera keeps a respectful distance from the grief. The score by Colm Ó Ceallaigh is sparing, mostly low strings and the wind.

The script is less sure of itself. The subplot involving Aoife, Brigid's daughter, feels borrowed from a different film, and the late revelation about Declan arrives with a thud. At times The Salt Marsh recalls films such as Ryan's Daughter and The Field, and it cannot quite bear the comparison.

Still, I admired it. Few recent Irish films have looked at the west coast of Ireland with so little sentiment, and Gallagher is magnificent.
"""

NIGHTJAR_ARTICLE = """\
Nightjar (French: L'Engoulevent) is a 2021 French-Spanish psychological thriller film directed by Jean-Luc Marchetti from a screenplay by Marchetti and Ana María de la Cruz.[1] Starring Mathilde Roux as Camille Varenne, Javier Ortega Ruiz as Tomás Ferrer and Hélène Dubois-Lefèvre as Inspector Moreau, it follows a night-shift nurse who becomes convinced that one of her patients is a killer.[2] The film was produced by Roux, Marchetti and Bastien Leclerc, with cinematography by Pau Vilaró and music by Yann Kerbrat.

Plot
Camille Varenne (Mathilde Roux), a nurse on the night shift at a Marseille hospital, cares for Tomás Ferrer (Javier Ortega Ruiz), a Catalan sailor brought in after a knife attack on the docks. When a second man is found dead near the harbour, Camille suspects that Tomás is not the victim he claims to be. She confides in her sister, Élodie, and takes her suspicions to Inspector Moreau (Hélène Dubois-Lefèvre), who dismisses them. Camille follows Tomás to Barcelona, where she learns that he has a wife and a young son, Pol.

Production
Principal photography began in October 2020 in Marseille, with scenes shot in the Le Panier quarter, at the Vieux-Port and at Marseille Saint-Charles station.[3] The production then moved to Catalonia, where filming took place in Barcelona, at the Hospital de Sant Pau (Recinte Modernista de Sant Pau) and in the Gothic Quarter (Barri Gòtic).[4]

Release
Nightjar was released in France on 3 November 2021.[5]

Reception
Rotten Tomatoes reports a 91% approval rating based on 54 reviews, with an average rating of 7.8/10.[6] On Metacritic, it has a weighted average score of 74 out of 100 based on 18 critics, indicating "generally favorable reviews".[7] On AlloCiné, the film has an average rating of 3.6 out of 5 based on 29 press reviews.[8]
"""

NIGHTJAR_REVIEW = """\
Jean-Luc Marchetti has spent most of his career in front of the camera, so it is a small surprise that Nightjar, his third film as a director, is so confident behind it. This is a lean, nocturnal thriller that recalls films such as Le Samourai (1967) and Drive (2011) without ever feeling like a pastiche.

Mathilde Roux plays Camile, a nurse whose insomnia has become a kind of second job, and she is superb: watchful, funny, quietly frightening. Roux, who also produced the film, carries almost every scene. Javier Ortega Ruiz is suitably opaque as the wounded sailor Tomás, and Hélène Dubois-Lefèvre has fun as the weary Moreau.

Pau Vilaró's cinematography turns Marseille into a city of sodium lights and wet tarmac; the later scenes in Barcelona are less distinctive. Yann Kerbrat's synth score hums under everything.

If the final act strains credibility, Marchetti and his co-writer Ana María de la Cruz keep the tension tight. Ortega Ruiz, in particular, makes a late twist land. It is the most purely enjoyable French genre film I have seen this year.
"""

COPPER_VALLEY_ARTICLE = """\
Copper Valley is a 2016 American neo-Western drama film written by Dale Okafor and directed by Marcus T. Whitfield. Starring Dana Kowalczyk as Ruth Ellery, Obi Nwankwo as Sheriff Amos Hale, and Tom Brennan as Wade Ellery, the film follows a widowed rancher who fights a mining company for her water rights.[1]

Plot
After her husband dies in a mine collapse, Ruth Ellery (Dana Kowalczyk) refuses to sell her ranch to the Halvorsen Mining Company. Her son Wade (Tom Brennan) wants to take the money and leave Montana. Sheriff Amos Hale (Obi Nwankwo), an old friend of the family, warns Ruth that the company owns the county judge. When the creek that feeds her cattle runs orange, Ruth takes the company to court in Helena.

Production
Dana Kowalczyk, who also produced the film with Lena Hartmann, had optioned Okafor's script in 2013.[2] The film was edited by Priya Raghunathan, with cinematography by Bruno Carvalho and production design by Ingrid Solberg.[3]
Filming took place in Butte, Montana, in the autumn of 2015, with additional scenes shot in Anaconda and at the Grant Ranch near Deer Lodge.[4] The courthouse scenes were filmed at the Silver Bow County Courthouse in Butte.[5]

Reception
On Rotten Tomatoes, Copper Valley has an approval rating of 79% based on 63 reviews, and an average rating of 6.9/10. The website's critical consensus states, "Dana Kowalczyk's flinty performance gives Copper Valley a hard, bright core." Metacritic gave the film a weighted average score of 64 out of 100, based on 17 critics, indicating "generally favorable reviews".[6]
"""

COPPER_VALLEY_REVIEW = """\
Marcus T. Whitfield's Copper Valley opens on a funeral and never quite climbs out of the grave. That is not entirely a complaint. Whitfield and his writer, Dale Okafor, have made a western in which the villain is a spreadsheet, and the film is angry in a way that feels earned.

Ruth Ellery (Dana Kowalczyk) buries her husband in the first scene and spends the rest of the film refusing to bury anything else. Kowalczyk, who also produced, gives her a jaw like a shut gate. Obi Nwankwo (Sheriff Hale) is excellent as a lawman who knows exactly whom he works for, and Tom Brennan does what he can with Wade, a son written mostly as an argument.

Bruno Carvalho shoots Butte as a town that has been hollowed out from below, and the film is at its best when it simply watches the orange water moving through Ruth's pasture. It recalls films like Hell or High Water and The Grapes of Wrath, though it has neither the wit of the first nor the reach of the second.

The courtroom finale is a mistake, trading the patience of the first hour for speeches. But Kowalczyk never hits a false note, and Hale's last scene with Ruth is as good as anything in American cinema this year.
"""

COPPER_VALLEY_ESSAY = """\
Water runs uphill toward money, the old saying goes, and Copper Valley (2016) is a film that takes the saying literally. It is a story about a ranch, a creek and a company, but it is also a story about the way a place remembers what was done to it, and about the people who are asked to forget.

The film opens with a burial. A coffin is lowered into dry ground while a wind pushes dust across the mourners, and the camera stays with the widow, Ruth, as the other figures drift away. Nothing is explained. We learn only later that her husband died underground, in a collapse that the company has described as an act of nature. The film is patient about this. It does not rush to accuse anyone; it simply lets the landscape do the accusing.

That landscape is the real subject. The hills around Butte are scarred and terraced, cut open by more than a century of mining, and the film returns to them again and again, in the morning and at dusk, in snow and in the flat white glare of summer. The effect is cumulative. By the end the hills feel less like a backdrop than like a witness, or a patient, something that has been opened and not properly closed. Every shot of the pasture carries the same quiet question: who pays for this?

The answer, the film suggests, is always the people with the least. Ruth owns her land outright, which in most westerns would make her a figure of independence, but here ownership is a trap. She cannot sell without betraying her husband, and she cannot stay without watching the water turn. Her son, Wade, wants to leave, and the film is admirably fair to him. He is not a coward or a traitor; he is a young man who can see that his mother is fighting a war she cannot win, and who would rather live somewhere else than die here.

The sheriff is the most interesting figure in the story. He is a decent man who has made his peace with an indecent arrangement, and the film allows him a dignity that it withholds from almost everyone else. His scenes with Ruth are the heart of the film, two old friends talking around the thing neither of them will say. When at last he says it, in a kitchen lit by a single bulb, the moment lands with more force than the courtroom speeches that follow.

Those speeches are the weakest part of the film. The final act moves to a courthouse, and the tone shifts from observation to argument. Characters begin to explain themselves, and the film, which had trusted its audience for so long, suddenly seems to worry that we have not understood. It is a familiar failure in American films about injustice, the belief that a wrong must be named aloud before it can be felt, and it is a pity that a film so confident in its silences should lose its nerve at the end.

And yet the silences are what remain. I keep thinking of a sequence in the middle of the film, when Ruth walks the length of the creek at night with a torch, following the orange water upstream toward its source. There is no music, only her breathing and the sound of the water. She finds nothing, or nothing she can prove. She stands for a long moment at the fence that marks the company's land, and then she turns around and walks home. It is the bravest scene in the film because it refuses to give her, or us, the satisfaction of a discovery.

The film belongs to a long tradition of stories about land and ownership in the American West, and it knows it. There are echoes of the great dust bowl narratives, of the homesteader films of the fifties, of the revisionist westerns that followed. But it is most alive when it forgets its ancestors and attends to the particular: the colour of the water, the sound of a gate, the way a woman counts cattle from a porch.

Is it a great film? Probably not. It is too long, too certain of its politics, too fond of its own gloom. But it is an honest film, and honesty about land, about who owns it and who is poisoned by it, is rarer than it ought to be. In a season of loud entertainments, Copper Valley asks its audience to sit still and look at a hillside until the hillside begins to look back. That is an unfashionable ambition, and an admirable one.

What stays with me most is not the plot but the weather: the wind at the funeral, the snow on the terraces, the long light of the summer evenings when Ruth sits on the porch and watches the creek. The film understands that grief has a climate, and that a place can hold a loss the way a valley holds cold air after sunset. Few films about the West have understood that so clearly, and fewer still have had the patience to show it.
"""

WINTER_ORCHARD_ARTICLE = """\
Winter Orchard (Korean: 겨울 과수원) is a 2022 South Korean drama film written and directed by Park Ji-won. It stars Kim Soo-ah, Lee Dong-hyun and Choi Min-jung.[1] The film had its world premiere at the Busan International Film Festival in October 2022.[2]

Plot
Yoon Mi-rae (Kim Soo-ah), a retired concert pianist, returns to her late father's apple orchard in North Gyeongsang Province to sell it. Her younger brother, Yoon Tae-oh (Lee Dong-hyun), has been running the orchard alone and refuses to leave. When an early frost threatens the harvest, Mi-rae stays to help, and she befriends Seo-yeon (Choi Min-jung), a teenage farmhand who wants to study music in Seoul.

Production
The screenplay was written by Park over three years. Cinematography was by Jang Hye-rin, and the score was composed by Oh Jae-sung.[3] The film was produced by Han Eun-ji for Bluebird Pictures.
Principal photography took place from November 2021 to February 2022 in Cheongsong and Andong, North Gyeongsang Province.[4] Concert scenes were shot at the Seoul Arts Center in Seocho District, Seoul.[5]

Reception
On Rotten Tomatoes, 94% of 36 critics' reviews are positive, with an average rating of 8.1/10.[6] Metacritic, which uses a weighted average, assigned the film a score of 81 out of 100, based on 12 critics, indicating "universal acclaim".[7]
"""

WINTER_ORCHARD_REVIEW = """\
Park Ji-won's Winter Orchard is the kind of film that seems to be about nothing until, quite suddenly, it is about everything. Kim Soo-ah plays Mi-rae, a pianist who has not touched a keyboard in years, and her return to the family orchard is staged with almost no dialogue at all.

Kim is extraordinary. She holds the screen through long takes in which she does nothing more than peel an apple or listen to the wind, and Park trusts her completely. Lee Dong-hyun, as the stubborn younger brother Tae-oh, gives the film its anger, and newcomer Choi Min-jung is a delight as Seo-yeon.

Jang Hye-rin's cinematography finds a hundred shades of grey in the frozen hills around Cheongsong, and Oh Jae-sung's spare piano score is used sparingly. If the last act leans too hard on the symbolism of the frost, Park's direction never turns sentimental. It recalls the quieter films of Lee Chang-dong, and it earns the comparison.
"""

STILL_WATERS_REVIEW = """\
Still Waters (2018) is Katrin Albrecht's third feature and her most assured. Set on a houseboat moored outside Hamburg, it follows Marta (Lena Vogt), a ferry pilot who discovers that her husband, Jonas, has been lying to her about almost everything.

Vogt is superb, all clenched jaw and sudden laughter, and Albrecht, who also wrote the screenplay, gives her room. The other performances are less even: Henrik Sandberg is stiff as Jonas, though Aylin Demir steals her few scenes as Marta's sister Defne.

The film was shot on location in Hamburg and Lübeck, Germany, and the cinematographer, Mateusz Król, makes the Elbe look like the edge of the world. The music by Ólafur Sigurðsson is, for once, exactly as loud as it needs to be.

Still Waters belongs with films like The Lighthouse Keeper's Wife (2011), and it is better than most of them.
"""

DOCUMENTS = {
    "salt_marsh_article.txt": SALT_MARSH_ARTICLE,
    "salt_marsh_review.txt": SALT_MARSH_REVIEW,
    "nightjar_article.txt": NIGHTJAR_ARTICLE,
    "nightjar_review.txt": NIGHTJAR_REVIEW,
    "copper_valley_article.txt": COPPER_VALLEY_ARTICLE,
    "copper_valley_review.txt": COPPER_VALLEY_REVIEW,
    "copper_valley_essay.txt": COPPER_VALLEY_ESSAY,
    "winter_orchard_article.txt": WINTER_ORCHARD_ARTICLE,
    "winter_orchard_review.txt": WINTER_ORCHARD_REVIEW,
    "still_waters_review.txt": STILL_WATERS_REVIEW,
}


def write_documents(folder: Path, names=None) -> Path:
    """Write the invented documents (or the ``names`` given) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCUMENTS.items():
        if names is None or name in names:
            (folder / name).write_text(text, encoding="utf-8")
    return folder
