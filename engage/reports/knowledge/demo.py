"""The demo knowledge base: "Answers" / "Respuestas" under the home page, and twenty
answers written for this project in English and Spanish, each with topics, the demo
categories it relates to, an owner department and a review date (a few past due).

Loaded by engage.reports.demo.load_demo_reports after the demo categories; running it again
changes nothing.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from engage.core.demo import translate
from engage.core.models import HomePage

from ..models import KnowledgeAnswerPage, KnowledgeIndexPage, ServiceCategory

logger = logging.getLogger(__name__)

INDEX = {
    "en": {
        "title": "Answers",
        "slug": "answers",
        "intro": "<p>Answers to what people ask the city most: trash days, bulk items, "
        "snow, streetlights, permits. Search, or browse by topic.</p>",
        "search_description": "Answers to what people ask the city most.",
    },
    "es": {
        "title": "Respuestas",
        "slug": "respuestas",
        "intro": "<p>Respuestas a lo que más se pregunta a la ciudad: días de basura, "
        "objetos grandes, nieve, alumbrado, permisos. Busque o explore por tema.</p>",
        "search_description": "Respuestas a lo que más se pregunta a la ciudad.",
    },
}

# Categories are the demo categories' codes (engage.reports.demo); an answer's owner is the
# department that handles one of them (the key names that category below).
# "reviewed" is how many days ago the answer was last reviewed; with "every" (the review
# period in days), a few are past their review date on purpose.
DEPARTMENT_OF_CATEGORY = {
    "sanitation": "missed-trash",
    "streets": "pothole",
    "transportation": "streetlight-out",
    "clip": "graffiti",
    "police": "abandoned-vehicle",
}

ANSWERS = [
    {
        "department": "sanitation",
        "categories": ["missed-trash"],
        "topics": (["Trash and recycling"], ["Basura y reciclaje"]),
        "reviewed": 40,
        "every": 365,
        "en": (
            "When is my trash collected?",
            "when-is-my-trash-collected",
            "Trash and recycling are collected once a week on the same day, set out by 7 a.m. "
            "Look up your day by address on the city's collection map or call 311.",
            "<p>Each street has one collection day a week for trash and recycling. Put bags and "
            "bins at the curb after 7 p.m. the night before and no later than 7 a.m. on your "
            "day.</p><p>After a holiday, collection moves one day later for the rest of the "
            "week.</p>",
        ),
        "es": (
            "¿Cuándo recogen mi basura?",
            "cuando-recogen-mi-basura",
            "La basura y el reciclaje se recogen una vez por semana, el mismo día, antes de las "
            "7 a. m. Consulte su día por dirección en el mapa de recolección o llame al 311.",
            "<p>Cada calle tiene un día de recolección por semana para basura y reciclaje. Saque "
            "las bolsas y los contenedores después de las 7 p. m. de la noche anterior y antes "
            "de las 7 a. m. de su día.</p><p>Después de un día feriado, la recolección se "
            "atrasa un día el resto de la semana.</p>",
        ),
    },
    {
        "department": "sanitation",
        "categories": ["missed-trash"],
        "topics": (["Trash and recycling"], ["Basura y reciclaje"]),
        "reviewed": 20,
        "every": 180,
        "en": (
            "My trash was not picked up. What should I do?",
            "my-trash-was-not-picked-up",
            "If it was out by 7 a.m. on your day, leave it out and report a missed collection "
            "after 5 p.m.; crews come back within two working days.",
            "<p>Crews may still be on your street until late afternoon. If your trash or "
            "recycling is still there after 5 p.m., report a missed collection with the "
            "address.</p><p>Leave it at the curb: it is collected within two working days.</p>",
        ),
        "es": (
            "No recogieron mi basura. ¿Qué hago?",
            "no-recogieron-mi-basura",
            "Si la sacó antes de las 7 a. m. de su día, déjela afuera y reporte la recolección "
            "omitida después de las 5 p. m.; las cuadrillas vuelven en dos días hábiles.",
            "<p>Las cuadrillas pueden seguir en su calle hasta la tarde. Si la basura o el "
            "reciclaje siguen ahí después de las 5 p. m., reporte la recolección omitida con la "
            "dirección.</p><p>Déjela en la acera: se recoge en dos días hábiles.</p>",
        ),
    },
    {
        "department": "sanitation",
        "categories": ["illegal-dumping", "missed-trash"],
        "topics": (
            ["Bulk items", "Trash and recycling"],
            ["Objetos grandes", "Basura y reciclaje"],
        ),
        "reviewed": 400,
        "every": 365,
        "en": (
            "How do I get a bulk item picked up?",
            "bulk-item-pickup",
            "Up to two bulk items (a sofa, a mattress, a fridge without its doors) go out with "
            "your regular trash; more than that, take them to a drop-off center.",
            "<p>Set out up to two large items on your collection day. Wrap mattresses in "
            "plastic and remove refrigerator and freezer doors.</p><p>Building materials, tires "
            "and more than two items go to a sanitation drop-off center, free for "
            "residents.</p>",
        ),
        "es": (
            "¿Cómo hago para que recojan un objeto grande?",
            "recoleccion-objetos-grandes",
            "Hasta dos objetos grandes (un sofá, un colchón, un refrigerador sin puertas) salen "
            "con su basura normal; si son más, llévelos a un centro de entrega.",
            "<p>Saque hasta dos objetos grandes en su día de recolección. Envuelva los colchones "
            "en plástico y quite las puertas de refrigeradores y congeladores.</p><p>Los "
            "materiales de construcción, las llantas y más de dos objetos van a un centro de "
            "entrega de saneamiento, gratis para residentes.</p>",
        ),
    },
    {
        "department": "sanitation",
        "categories": [],
        "topics": (["Trash and recycling"], ["Basura y reciclaje"]),
        "reviewed": 90,
        "every": 365,
        "en": (
            "What goes in the recycling bin?",
            "what-goes-in-recycling",
            "Clean paper, cardboard, metal cans, glass bottles and jars, and plastic bottles and "
            "containers. No plastic bags, food or hoses.",
            "<p>Rinse containers and flatten boxes. Put everything loose in the bin, not in "
            "bags.</p><ul><li>Yes: paper, cardboard, cans, glass, plastic bottles and "
            "tubs.</li><li>No: plastic bags, food waste, hoses, wires, batteries.</li></ul>",
        ),
        "es": (
            "¿Qué va en el contenedor de reciclaje?",
            "que-va-en-el-reciclaje",
            "Papel limpio, cartón, latas, botellas y frascos de vidrio, y botellas y envases de "
            "plástico. Nada de bolsas plásticas, comida ni mangueras.",
            "<p>Enjuague los envases y aplaste las cajas. Ponga todo suelto en el contenedor, no "
            "en bolsas.</p><ul><li>Sí: papel, cartón, latas, vidrio, botellas y envases de "
            "plástico.</li><li>No: bolsas plásticas, restos de comida, mangueras, cables, "
            "baterías.</li></ul>",
        ),
    },
    {
        "department": "sanitation",
        "categories": [],
        "topics": (["Trash and recycling"], ["Basura y reciclaje"]),
        "reviewed": 30,
        "every": 365,
        "en": (
            "How do I get a new or replacement recycling bin?",
            "new-recycling-bin",
            "Pick one up free at any sanitation drop-off center with proof of address, or ask "
            "311 to have one delivered.",
            "<p>Bring a bill or ID with your address to a drop-off center to take a bin home the "
            "same day. Deliveries take about two weeks.</p>",
        ),
        "es": (
            "¿Cómo consigo un contenedor de reciclaje nuevo?",
            "contenedor-de-reciclaje-nuevo",
            "Recójalo gratis en cualquier centro de entrega de saneamiento con un comprobante de "
            "domicilio, o pida al 311 que se lo lleven.",
            "<p>Lleve una factura o identificación con su dirección a un centro de entrega y "
            "llévese el contenedor el mismo día. La entrega a domicilio tarda unas dos "
            "semanas.</p>",
        ),
    },
    {
        "department": "streets",
        "categories": [],
        "topics": (["Snow and weather"], ["Nieve y clima"]),
        "reviewed": 380,
        "every": 365,
        "en": (
            "Who removes snow on my street?",
            "who-removes-snow",
            "The Streets Department plows main roads first, then residential streets once the "
            "snow stops. Sidewalks in front of a property are the owner's to clear.",
            "<p>Plows start with emergency routes and bus lines, then move to smaller streets. "
            "Narrow streets may get salt instead of a plow.</p><p>Owners must clear a path "
            "at least 90 cm wide on their sidewalk within six hours after the snow stops.</p>",
        ),
        "es": (
            "¿Quién quita la nieve de mi calle?",
            "quien-quita-la-nieve",
            "El Departamento de Calles despeja primero las vías principales y luego las calles "
            "residenciales cuando deja de nevar. La acera frente a una propiedad la limpia el "
            "dueño.",
            "<p>Las quitanieves empiezan por las rutas de emergencia y de autobús, luego las "
            "calles pequeñas. Las calles angostas pueden recibir sal en vez de quitanieves."
            "</p><p>Los dueños deben despejar un paso de al menos 90 cm en su acera dentro de "
            "las seis horas después de que deje de nevar.</p>",
        ),
    },
    {
        "department": "streets",
        "categories": ["pothole"],
        "topics": (["Streets and sidewalks"], ["Calles y aceras"]),
        "reviewed": 60,
        "every": 365,
        "en": (
            "How long does it take to fix a pothole?",
            "how-long-to-fix-a-pothole",
            "Most reported potholes are filled within three working days; deep ones may get a "
            "temporary patch first.",
            "<p>Report the pothole with its exact place: a crew inspects it and fills it, "
            "usually within three working days. In winter, patches are temporary until asphalt "
            "plants reopen in spring.</p>",
        ),
        "es": (
            "¿Cuánto tardan en arreglar un bache?",
            "cuanto-tardan-en-arreglar-un-bache",
            "La mayoría de los baches reportados se rellenan en tres días hábiles; los profundos "
            "pueden recibir primero un parche temporal.",
            "<p>Reporte el bache con el lugar exacto: una cuadrilla lo inspecciona y lo rellena, "
            "normalmente en tres días hábiles. En invierno los parches son temporales hasta que "
            "las plantas de asfalto reabren en primavera.</p>",
        ),
    },
    {
        "department": "streets",
        "categories": ["pothole"],
        "topics": (["Streets and sidewalks"], ["Calles y aceras"]),
        "reviewed": 200,
        "every": 365,
        "en": (
            "Who repairs a broken sidewalk?",
            "who-repairs-a-broken-sidewalk",
            "The property owner repairs the sidewalk in front of their property; the city "
            "repairs it where a street tree's roots lifted it.",
            "<p>Owners keep their sidewalk safe and get a permit for the repair. If a street "
            "tree caused the damage, report it: the city inspects and schedules the work.</p>",
        ),
        "es": (
            "¿Quién repara una acera rota?",
            "quien-repara-una-acera-rota",
            "El dueño repara la acera frente a su propiedad; la ciudad la repara cuando la "
            "levantaron las raíces de un árbol de la calle.",
            "<p>Los dueños mantienen su acera segura y piden un permiso para repararla. Si la "
            "dañó un árbol de la calle, repórtelo: la ciudad inspecciona y programa el "
            "trabajo.</p>",
        ),
    },
    {
        "department": "transportation",
        "categories": ["streetlight-out"],
        "topics": (["Streetlights"], ["Alumbrado público"]),
        "reviewed": 45,
        "every": 365,
        "en": (
            "A streetlight is out. How soon is it fixed?",
            "streetlight-out-how-soon",
            "Report it with the pole number if you can see one; a single light out is usually "
            "fixed within five working days.",
            "<p>The number on the pole tells the crew exactly which light it is. A whole block "
            "dark may be a power problem: it is sent to the utility the same day.</p>",
        ),
        "es": (
            "Una lámpara de la calle no funciona. ¿Cuándo la arreglan?",
            "lampara-apagada-cuando-la-arreglan",
            "Repórtela con el número del poste si lo ve; una lámpara sola se arregla normalmente "
            "en cinco días hábiles.",
            "<p>El número del poste le dice a la cuadrilla cuál es la lámpara. Si toda la cuadra "
            "está a oscuras puede ser un problema eléctrico: se envía a la compañía de luz el "
            "mismo día.</p>",
        ),
    },
    {
        "department": "transportation",
        "categories": ["streetlight-out"],
        "topics": (
            ["Streetlights", "Streets and sidewalks"],
            ["Alumbrado público", "Calles y aceras"],
        ),
        "reviewed": 120,
        "every": 365,
        "en": (
            "A traffic signal is not working. What should I do?",
            "traffic-signal-not-working",
            "Call 911 if the signal is dark at a busy crossing; otherwise call 311 or report it "
            "online. Treat a dark signal as a four-way stop.",
            "<p>A dark or flashing signal is a safety problem and is repaired the same day. "
            "Tell us the two streets of the crossing and which direction is affected.</p>",
        ),
        "es": (
            "Un semáforo no funciona. ¿Qué hago?",
            "semaforo-no-funciona",
            "Llame al 911 si el semáforo está apagado en un cruce con mucho tráfico; si no, "
            "llame al 311 o repórtelo en línea. Un semáforo apagado es un alto en los cuatro "
            "sentidos.",
            "<p>Un semáforo apagado o intermitente es un problema de seguridad y se repara el "
            "mismo día. Díganos las dos calles del cruce y qué dirección está afectada.</p>",
        ),
    },
    {
        "department": "police",
        "categories": ["abandoned-vehicle"],
        "topics": (["Vehicles and parking"], ["Vehículos y estacionamiento"]),
        "reviewed": 30,
        "every": 365,
        "en": (
            "When is a car considered abandoned?",
            "when-is-a-car-abandoned",
            "A car parked in the same place for more than five days that has no valid plate, is "
            "wrecked, or is missing parts can be reported as abandoned.",
            "<p>An officer checks the car, tags it, and has it towed if it is not moved after "
            "the notice. A car that simply stays parked with a valid plate is not "
            "abandoned.</p>",
        ),
        "es": (
            "¿Cuándo se considera abandonado un auto?",
            "cuando-un-auto-esta-abandonado",
            "Un auto estacionado en el mismo lugar más de cinco días sin placa válida, "
            "destrozado o sin piezas puede reportarse como abandonado.",
            "<p>Un agente revisa el auto, le pone un aviso y hace que lo remolquen si no se "
            "mueve después del aviso. Un auto con placa válida que sigue estacionado no está "
            "abandonado.</p>",
        ),
    },
    {
        "department": "police",
        "categories": ["abandoned-vehicle"],
        "topics": (["Vehicles and parking"], ["Vehículos y estacionamiento"]),
        "reviewed": 75,
        "every": 365,
        "en": (
            "My car was towed. How do I get it back?",
            "my-car-was-towed",
            "Call 311 with your plate number to learn which lot has it; bring your ID, "
            "registration and payment for the towing and storage fees.",
            "<p>Storage fees grow each day, so collect the car as soon as you can. If you "
            "believe the tow was wrong, you can ask for a hearing within 30 days.</p>",
        ),
        "es": (
            "Se llevaron mi auto con grúa. ¿Cómo lo recupero?",
            "se-llevaron-mi-auto",
            "Llame al 311 con su número de placa para saber en qué depósito está; lleve su "
            "identificación, el registro y el pago del remolque y el almacenaje.",
            "<p>El almacenaje cobra cada día, así que recoja el auto lo antes posible. Si cree "
            "que el remolque fue un error, puede pedir una audiencia dentro de 30 días.</p>",
        ),
    },
    {
        "department": "clip",
        "categories": ["graffiti"],
        "topics": (["Graffiti and vacant lots"], ["Grafiti y lotes baldíos"]),
        "reviewed": 50,
        "every": 365,
        "en": (
            "Does the city remove graffiti for free?",
            "free-graffiti-removal",
            "Yes: the city removes graffiti from homes and small businesses free of charge, "
            "with the owner's permission, usually within a week.",
            "<p>Report the graffiti and say whether you own the property. A crew paints over or "
            "power-washes it. Offensive graffiti is removed first.</p>",
        ),
        "es": (
            "¿La ciudad quita el grafiti gratis?",
            "quitar-grafiti-gratis",
            "Sí: la ciudad quita el grafiti de casas y pequeños negocios sin costo, con permiso "
            "del dueño, normalmente en una semana.",
            "<p>Reporte el grafiti y diga si es el dueño de la propiedad. Una cuadrilla lo pinta "
            "o lo lava a presión. El grafiti ofensivo se quita primero.</p>",
        ),
    },
    {
        "department": "clip",
        "categories": ["illegal-dumping"],
        "topics": (["Graffiti and vacant lots"], ["Grafiti y lotes baldíos"]),
        "reviewed": 370,
        "every": 365,
        "en": (
            "Someone dumped trash on a vacant lot. Who cleans it?",
            "dumping-on-a-vacant-lot",
            "Report it: the city cleans dumping on public land and cites the owner of a private "
            "lot, cleaning it if the owner does not.",
            "<p>Give the address or nearest crossing and what was dumped. If you see someone "
            "dumping, note the vehicle's plate and do not approach them.</p>",
        ),
        "es": (
            "Alguien tiró basura en un lote baldío. ¿Quién lo limpia?",
            "basura-en-lote-baldio",
            "Repórtelo: la ciudad limpia los vertidos en terreno público y multa al dueño de un "
            "lote privado, y lo limpia si el dueño no lo hace.",
            "<p>Indique la dirección o el cruce más cercano y qué se tiró. Si ve a alguien "
            "tirando basura, anote la placa del vehículo y no se acerque.</p>",
        ),
    },
    {
        "department": "clip",
        "categories": [],
        "topics": (["Graffiti and vacant lots"], ["Grafiti y lotes baldíos"]),
        "reviewed": 100,
        "every": 365,
        "en": (
            "Who cuts the tall grass on a vacant lot?",
            "tall-grass-on-vacant-lot",
            "The owner must keep weeds under 25 cm. After a complaint the city warns the owner "
            "and cuts the lot if nothing is done within ten days.",
            "<p>Tell 311 the lot's address. You will hear when the inspection is done and when "
            "the lot is cut.</p>",
        ),
        "es": (
            "¿Quién corta la hierba alta de un lote baldío?",
            "hierba-alta-en-lote-baldio",
            "El dueño debe mantener la hierba por debajo de 25 cm. Tras una queja, la ciudad "
            "avisa al dueño y corta el lote si no se hace nada en diez días.",
            "<p>Dé al 311 la dirección del lote. Le avisaremos cuando se haga la inspección y "
            "cuando se corte.</p>",
        ),
    },
    {
        "department": "streets",
        "categories": [],
        "topics": (["Permits"], ["Permisos"]),
        "reviewed": 25,
        "every": 365,
        "en": (
            "Do I need a permit for a dumpster on the street?",
            "dumpster-permit",
            "Yes: a dumpster or storage pod on the street or sidewalk needs a Streets "
            "Department permit, applied for online at least five days before.",
            "<p>The permit names the dates and place; keep it visible on the dumpster. On "
            "your own driveway no permit is needed.</p>",
        ),
        "es": (
            "¿Necesito permiso para un contenedor en la calle?",
            "permiso-para-contenedor",
            "Sí: un contenedor o módulo de almacenaje en la calle o la acera necesita un permiso "
            "del Departamento de Calles, que se pide en línea al menos cinco días antes.",
            "<p>El permiso indica las fechas y el lugar; manténgalo visible en el contenedor. En "
            "su propia entrada de autos no hace falta permiso.</p>",
        ),
    },
    {
        "department": "streets",
        "categories": [],
        "topics": (["Permits"], ["Permisos"]),
        "reviewed": 420,
        "every": 365,
        "en": (
            "How do I close my street for a block party?",
            "block-party-street-closure",
            "Apply for a block party permit at least 30 days before, with the signatures of "
            "most neighbors on the block. It is free.",
            "<p>The permit lets you put barricades at both ends of the block from 9 a.m. to 9 "
            "p.m. Emergency vehicles must always be able to pass.</p>",
        ),
        "es": (
            "¿Cómo cierro mi calle para una fiesta de cuadra?",
            "cierre-de-calle-para-fiesta",
            "Pida el permiso de fiesta de cuadra al menos 30 días antes, con las firmas de la "
            "mayoría de los vecinos de la cuadra. Es gratis.",
            "<p>El permiso le deja poner barreras en los dos extremos de la cuadra de 9 a. m. a "
            "9 p. m. Los vehículos de emergencia siempre deben poder pasar.</p>",
        ),
    },
    {
        "department": "transportation",
        "categories": [],
        "topics": (
            ["Vehicles and parking", "Streets and sidewalks"],
            ["Vehículos y estacionamiento", "Calles y aceras"],
        ),
        "reviewed": 150,
        "every": 365,
        "en": (
            "How do I ask for a stop sign or a speed hump?",
            "stop-sign-or-speed-hump",
            "Ask through 311: traffic engineers count cars and speeds on the street and answer "
            "within about three months.",
            "<p>A petition signed by neighbors on the block helps. Speed humps are not placed "
            "on bus routes or main roads.</p>",
        ),
        "es": (
            "¿Cómo pido una señal de alto o un reductor de velocidad?",
            "senal-de-alto-o-reductor",
            "Pídalo por el 311: los ingenieros de tránsito cuentan los autos y la velocidad en la "
            "calle y responden en unos tres meses.",
            "<p>Una petición firmada por los vecinos de la cuadra ayuda. Los reductores no se "
            "ponen en rutas de autobús ni en vías principales.</p>",
        ),
    },
    {
        "department": "sanitation",
        "categories": [],
        "topics": (["Trash and recycling"], ["Basura y reciclaje"]),
        "reviewed": 10,
        "every": 365,
        "en": (
            "Where can I drop off paint, batteries and electronics?",
            "household-hazardous-waste",
            "At the city's household hazardous waste events, held on Saturdays from spring to "
            "fall, or at a drop-off center for electronics.",
            "<p>Never put paint, motor oil, batteries or electronics in the trash. Bring them in "
            "their containers; it is free for residents.</p>",
        ),
        "es": (
            "¿Dónde dejo pintura, baterías y aparatos electrónicos?",
            "residuos-peligrosos-del-hogar",
            "En las jornadas de residuos peligrosos del hogar, los sábados de primavera a otoño, "
            "o en un centro de entrega para los electrónicos.",
            "<p>Nunca ponga pintura, aceite de motor, baterías ni electrónicos en la basura. "
            "Llévelos en sus envases; es gratis para residentes.</p>",
        ),
    },
    {
        "department": "streets",
        "categories": ["pothole", "streetlight-out"],
        "topics": (["Streets and sidewalks"], ["Calles y aceras"]),
        "reviewed": 5,
        "every": 90,
        "en": (
            "How do I follow a problem I reported?",
            "follow-a-reported-problem",
            "Keep the report number you were given: look it up on the site or quote it to 311 "
            "to hear its status and every public note from the crew.",
            "<p>With an account you can follow the report and get an e-mail at each change. "
            "When it is resolved, you can say whether it is really fixed.</p>",
        ),
        "es": (
            "¿Cómo sigo un problema que reporté?",
            "seguir-un-problema-reportado",
            "Guarde el número de reporte que le dieron: búsquelo en el sitio o díganoslo en el "
            "311 para saber su estado y cada nota pública de la cuadrilla.",
            "<p>Con una cuenta puede seguir el reporte y recibir un correo en cada cambio. "
            "Cuando se resuelva, puede decir si de verdad quedó arreglado.</p>",
        ),
    },
]


def _home(english):
    return HomePage.objects.filter(locale=english).first()


def ensure_index(english, spanish):
    home = _home(english)
    if home is None:
        return None
    index = KnowledgeIndexPage.objects.child_of(home).first()
    if index is None:
        index = KnowledgeIndexPage(**INDEX["en"])
        Page.objects.get(pk=home.pk).add_child(instance=index)
        index.save_revision().publish()
    if home.get_translation_or_none(spanish) is not None:
        translate(index, spanish, INDEX["es"])
    return index


def _fields(spec, language):
    title, slug, summary, answer = spec[language]
    return {
        "title": title,
        "slug": slug,
        "summary": summary,
        "answer": answer,
        "search_description": summary,
    }


def _set_topics(page, names):
    if sorted(tag.name for tag in page.topics.all()) != sorted(names):
        page.topics.set(names)
        page.save_revision().publish()


def ensure_answer(index, spanish, spec, *, departments, categories, today):
    answer_fields = _fields(spec, "en")
    page = KnowledgeAnswerPage.objects.child_of(index).filter(slug=answer_fields["slug"]).first()
    if page is None:
        page = KnowledgeAnswerPage(
            owner_department=departments[spec["department"]],
            last_reviewed=today - timedelta(days=spec["reviewed"]),
            review_every_days=spec["every"],
            **answer_fields,
        )
        Page.objects.get(pk=index.pk).add_child(instance=page)
        page.categories = [categories[code] for code in spec["categories"] if code in categories]
        page.topics.set(spec["topics"][0])
        page.save_revision().publish()
    else:
        _set_topics(page, spec["topics"][0])
    if index.get_translation_or_none(spanish) is not None:
        translation = translate(page, spanish, _fields(spec, "es"))
        _set_topics(translation, spec["topics"][1])
    return page


@transaction.atomic
def load_demo():
    """The knowledge base and its answers, made if missing; None without a home page."""
    english, _ = Locale.objects.get_or_create(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    index = ensure_index(english, spanish)
    if index is None:
        logger.warning("No demo knowledge base: there is no home page (seed_demo).")
        return None
    categories = {
        c.code: c
        for c in ServiceCategory.objects.filter(locale=english).select_related("department")
    }
    if any(code not in categories for code in DEPARTMENT_OF_CATEGORY.values()):
        logger.warning("No demo answers: the demo categories are missing.")
        return index
    departments = {key: categories[code].department for key, code in DEPARTMENT_OF_CATEGORY.items()}
    today = timezone.localdate()
    for spec in ANSWERS:
        ensure_answer(
            index, spanish, spec, departments=departments, categories=categories, today=today
        )
    return index
