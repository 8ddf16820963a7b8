"""General reference data: countries with their other names and demonyms.

Public, topic-independent facts (the kind printed in any atlas), used to map a
nationality or demonym ("Belarusian", "Belarussian") to its country and to recognise a
country name whatever label the NER model gave it. Irregular demonyms are listed; the
regular ones are also caught by stem matching in :mod:`dateline.analyse.aliases`.
One line per country: ``Name | other names | demonyms``.
"""

from __future__ import annotations

from functools import lru_cache

_COUNTRIES = """
Afghanistan||Afghan,Afghans,Afghani
Albania||Albanian
Algeria||Algerian
Andorra||Andorran
Angola||Angolan
Argentina||Argentine,Argentinian,Argentinean
Armenia||Armenian
Australia||Australian,Aussie
Austria||Austrian
Azerbaijan||Azerbaijani,Azeri
Bahamas|The Bahamas|Bahamian
Bahrain||Bahraini
Bangladesh||Bangladeshi
Barbados||Barbadian,Bajan
Belarus|Byelorussia,Belorussia,Belarussia|Belarusian,Belarussian,Byelorussian,Belorussian
Belgium||Belgian
Belize||Belizean
Benin||Beninese
Bhutan||Bhutanese
Bolivia||Bolivian
Bosnia and Herzegovina|Bosnia,Bosnia-Herzegovina|Bosnian,Herzegovinian
Botswana||Motswana,Batswana
Brazil|Brasil|Brazilian
Brunei||Bruneian
Bulgaria||Bulgarian
Burkina Faso||Burkinabe
Burundi||Burundian
Cambodia|Kampuchea|Cambodian,Khmer
Cameroon||Cameroonian
Canada||Canadian
Cape Verde|Cabo Verde|Cape Verdean
Central African Republic||Central African
Chad||Chadian
Chile||Chilean
China|People's Republic of China,PRC,Mainland China|Chinese
Colombia||Colombian
Comoros||Comoran,Comorian
Democratic Republic of the Congo|DR Congo,DRC,Congo-Kinshasa,Zaire|Congolese
Republic of the Congo|Congo-Brazzaville,Congo|
Costa Rica||Costa Rican
Croatia||Croatian,Croat
Cuba||Cuban
Cyprus||Cypriot
Czech Republic|Czechia|Czech
Denmark||Danish,Dane,Danes
Djibouti||Djiboutian
Dominica||Dominican
Dominican Republic||
Ecuador||Ecuadorian,Ecuadorean
Egypt||Egyptian
El Salvador||Salvadoran,Salvadorean
Equatorial Guinea||Equatoguinean
Eritrea||Eritrean
Estonia||Estonian
Eswatini|Swaziland|Swazi
Ethiopia||Ethiopian
Fiji||Fijian
Finland||Finnish,Finn,Finns
France||French,Frenchman,Frenchmen
Gabon||Gabonese
Gambia|The Gambia|Gambian
Georgia||Georgian
Germany|Deutschland|German
Ghana||Ghanaian
Greece|Hellas|Greek
Grenada||Grenadian
Guatemala||Guatemalan
Guinea||Guinean
Guinea-Bissau||Bissau-Guinean
Guyana||Guyanese
Haiti||Haitian
Honduras||Honduran
Hungary||Hungarian,Magyar
Iceland||Icelandic,Icelander
India||Indian
Indonesia||Indonesian
Iran|Persia|Iranian,Persian
Iraq||Iraqi
Ireland|Eire,Republic of Ireland|Irish,Irishman
Israel||Israeli
Italy||Italian
Ivory Coast|Cote d'Ivoire|Ivorian
Jamaica||Jamaican
Japan||Japanese
Jordan||Jordanian
Kazakhstan||Kazakh,Kazakhstani
Kenya||Kenyan
Kosovo||Kosovar,Kosovan
Kuwait||Kuwaiti
Kyrgyzstan|Kirghizia|Kyrgyz,Kirghiz
Laos||Lao,Laotian
Latvia||Latvian
Lebanon||Lebanese
Lesotho||Basotho,Mosotho
Liberia||Liberian
Libya||Libyan
Liechtenstein||Liechtensteiner
Lithuania||Lithuanian
Luxembourg||Luxembourger,Luxembourgish
Madagascar||Malagasy
Malawi||Malawian
Malaysia||Malaysian
Maldives||Maldivian
Mali||Malian
Malta||Maltese
Mauritania||Mauritanian
Mauritius||Mauritian
Mexico||Mexican
Moldova|Moldavia|Moldovan
Monaco||Monegasque
Mongolia||Mongolian
Montenegro||Montenegrin
Morocco||Moroccan
Mozambique||Mozambican
Myanmar|Burma|Burmese,Myanmarese
Namibia||Namibian
Nepal||Nepalese,Nepali
Netherlands|Holland,The Netherlands|Dutch,Dutchman
New Zealand||New Zealander
Nicaragua||Nicaraguan
Niger||Nigerien
Nigeria||Nigerian
North Korea|DPRK,Democratic People's Republic of Korea|North Korean
North Macedonia|Macedonia|Macedonian
Norway||Norwegian
Oman||Omani
Pakistan||Pakistani
Palestine|Palestinian Territories,Palestinian territories|Palestinian
Panama||Panamanian
Papua New Guinea||Papua New Guinean
Paraguay||Paraguayan
Peru||Peruvian
Philippines|The Philippines|Filipino,Philippine,Filipina
Poland||Polish,Pole,Poles
Portugal||Portuguese
Qatar||Qatari
Romania|Rumania|Romanian
Russia|Russian Federation|Russian
Rwanda||Rwandan
Saudi Arabia|KSA|Saudi,Saudi Arabian
Senegal||Senegalese
Serbia||Serbian,Serb
Sierra Leone||Sierra Leonean
Singapore||Singaporean
Slovakia||Slovak,Slovakian
Slovenia||Slovenian,Slovene
Somalia||Somali
South Africa||South African
South Korea|Republic of Korea|South Korean
South Sudan||South Sudanese
Spain||Spanish,Spaniard
Sri Lanka|Ceylon|Sri Lankan
Sudan||Sudanese
Suriname||Surinamese
Sweden||Swedish,Swede,Swedes
Switzerland||Swiss
Syria||Syrian
Taiwan||Taiwanese
Tajikistan||Tajik,Tajikistani
Tanzania||Tanzanian
Thailand|Siam|Thai
Togo||Togolese
Trinidad and Tobago|Trinidad|Trinidadian
Tunisia||Tunisian
Turkey|Turkiye,Türkiye|Turkish,Turk,Turks
Turkmenistan||Turkmen
Uganda||Ugandan
Ukraine|The Ukraine|Ukrainian
United Arab Emirates|UAE,Emirates|Emirati
United Kingdom|UK,U.K.,Britain,Great Britain,United Kingdom of Great Britain and Northern Ireland|British,Briton,Britons,Brit
United States|US,U.S.,USA,U.S.A.,America,United States of America|American,Americans
Uruguay||Uruguayan
Uzbekistan||Uzbek,Uzbekistani
Vatican City|Vatican,Holy See|Vatican
Venezuela||Venezuelan
Vietnam|Viet Nam|Vietnamese
Yemen||Yemeni
Zambia||Zambian
Zimbabwe||Zimbabwean
England||English,Englishman
Scotland||Scottish,Scot,Scots
Wales||Welsh
Northern Ireland||Northern Irish
Hong Kong||Hong Konger
Gaza|Gaza Strip|Gazan
Chechnya||Chechen
Crimea||Crimean
Kurdistan||Kurdish,Kurd,Kurds
Tibet||Tibetan
Europe||European,Europeans
Africa||African,Africans
Asia||Asian,Asians
"""


def _parse() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    rows = []
    for line in _COUNTRIES.strip().splitlines():
        name, others, demonyms = (line.split("|") + ["", ""])[:3]
        rows.append((name, _items(others), _items(demonyms)))
    return rows


def _items(field: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in field.split(",") if x.strip())


@lru_cache(maxsize=1)
def countries() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """``(name, other names, demonyms)`` for every country and a few regions."""
    return tuple(_parse())


# Capitals and large cities often in the news, a line per country (``city,city,...``),
# other spellings of one city joined by ``/`` (``Kyiv/Kiev``). Names that are also common words or given names (Male,
# Victoria, Kingston, Nice, Reading) are left out on purpose: a bare match must be a place.
_CITIES = """
Kabul
Tirana
Algiers
Luanda
Buenos Aires
Yerevan
Canberra,Sydney,Melbourne
Vienna
Baku
Manama
Dhaka/Dacca
Minsk
Brussels
Sarajevo
Brasilia,Rio de Janeiro,Sao Paulo
Sofia
Phnom Penh
Yaounde
Ottawa,Toronto,Montreal,Vancouver
Santiago
Beijing/Peking,Shanghai,Guangzhou,Wuhan,Shenzhen
Bogota
Kinshasa
Havana
Nicosia
Prague
Copenhagen
Quito
Cairo,Alexandria
Tallinn
Addis Ababa
Helsinki
Paris,Marseille,Lyon
Tbilisi/Tiflis
Berlin,Munich,Hamburg,Frankfurt,Bonn
Accra
Athens
Port-au-Prince
Budapest
Reykjavik
New Delhi,Delhi,Mumbai/Bombay,Kolkata/Calcutta,Chennai/Madras
Jakarta
Tehran/Teheran
Baghdad,Basra,Mosul,Fallujah,Kirkuk,Tikrit
Dublin
Jerusalem,Tel Aviv
Rome,Milan,Naples
Tokyo,Osaka,Fukushima
Amman
Astana/Nur-Sultan,Almaty/Alma-Ata
Nairobi
Pristina
Bishkek
Vientiane
Riga
Beirut
Tripoli,Benghazi
Vilnius
Skopje
Kuala Lumpur
Bamako
Mexico City
Chisinau/Kishinev
Ulaanbaatar/Ulan Bator
Podgorica
Rabat,Casablanca
Maputo
Yangon/Rangoon,Naypyidaw
Kathmandu
Amsterdam,The Hague,Rotterdam
Wellington,Auckland
Managua
Niamey
Abuja,Lagos
Pyongyang
Oslo
Muscat
Islamabad,Karachi,Lahore
Ramallah
Panama City
Asuncion
Lima
Manila
Warsaw,Krakow,Gdansk
Lisbon
Doha
Bucharest
Moscow,St. Petersburg/Saint Petersburg/Leningrad,Volgograd/Stalingrad,Sochi,Yekaterinburg/Ekaterinburg
Kigali
Riyadh,Jeddah,Mecca,Medina
Dakar
Belgrade
Freetown
Singapore
Bratislava
Ljubljana
Mogadishu
Pretoria,Johannesburg,Cape Town
Seoul
Juba
Madrid,Barcelona
Colombo
Khartoum
Stockholm
Bern,Geneva,Zurich
Damascus,Aleppo,Homs,Idlib,Raqqa,Deraa/Daraa,Hama
Taipei
Dushanbe
Dodoma,Dar es Salaam
Bangkok
Tunis
Ankara,Istanbul
Ashgabat/Ashkhabad
Kampala
Kyiv/Kiev,Kharkiv/Kharkov,Odesa/Odessa,Lviv/Lvov,Mariupol,Donetsk,Luhansk/Lugansk,Kherson,Dnipro/Dnepropetrovsk,Zaporizhzhia/Zaporozhye
Abu Dhabi,Dubai
London,Manchester,Birmingham,Glasgow,Edinburgh,Belfast,Cardiff
Washington,New York,Los Angeles,Chicago,Houston,San Francisco,Boston,New Orleans,Miami
Montevideo
Tashkent
Caracas
Hanoi,Ho Chi Minh City/Saigon
Sanaa,Aden
Lusaka
Harare
Gaza City
Grozny
Benghazi
"""


@lru_cache(maxsize=1)
def cities() -> tuple[tuple[str, ...], ...]:
    """Groups of spellings of one city each (the first is the usual English name)."""
    return tuple(tuple(v.strip() for v in city.split("/")) for line in _CITIES.strip().splitlines()
                 for city in _items(line))
