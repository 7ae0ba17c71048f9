"""The demo curriculum: "How my city works", five lessons written for this project, in
English and Spanish.

``load_demo_curriculum()`` (called through ``youth.demo.load_demo_youth``, after
``seed_demo`` has built the Youth programs section) puts the curriculum under that section
and returns the English ``CurriculumPage``. It is safe to run again and again: the English
pages are looked up by slug and created only if missing; their Spanish translations are
made (Wagtail's copy for translation, as the other parts' demo do), or brought back to the
demo text, only when they differ.

Each block of a lesson gets a fixed id (``uuid5`` of the lesson's key and the block's
place), the same in both languages, as Wagtail's copy for translation keeps them.
"""

import json
import logging
import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from wagtail.models import Locale, Page

from engage.core.demo import translate
from engage.core.models import SectionPage

from ..models import CurriculumPage, LessonPage

logger = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("5b0f3c52-3f57-4c55-9a53-2f1f3c8e7a10")
SECTION = {"en": ("Youth programs", "youth"), "es": ("Programas juveniles", "jovenes")}
LANGUAGES = ("en", "es")

CURRICULUM = {
    "en": {
        "title": "How my city works",
        "slug": "how-my-city-works",
        "search_description": (
            "Five lessons for ages 11–14: what local government does, how to report a "
            "problem to 311, and how young people change their neighborhood."
        ),
        "ages": "11–14",
        "intro": (
            "<p>Five lessons for middle-school students about the local government they "
            "meet every day: who fixes the streetlight, where the trash goes, and how a "
            "phone call or a photo sent to 311 becomes a work order. Students walk their "
            "own neighborhood, file real reports, meet the people who answer them, and see "
            "what changed.</p>"
        ),
        "for_educators": (
            "<p>Each lesson fits a class period of 45 to 90 minutes; the timings add up to "
            "the lesson's length, so you can see where to cut if time runs short.</p>"
            "<ul>"
            "<li><b>Before lesson 1</b>, open the session with the pre-program survey so "
            "students answer it in the first ten minutes, before anything is taught.</li>"
            "<li><b>Lesson 3</b> goes outside: you need the guardians' consent on record "
            "for every student who files a report, one adult for every eight students, "
            "and a route planned in advance.</li>"
            "<li><b>Lesson 4</b> works best with a guest: a public-works crew member, a "
            "311 call-taker or a police cadet. Ask them a week ahead.</li>"
            "<li><b>After lesson 5</b>, open the session with the post-program survey.</li>"
            "</ul>"
            "<p>Students never need an account or an e-mail address. Print each lesson's "
            "handout and write each student's handout code on it: the code pairs their "
            "answers before and after the program without their name.</p>"
        ),
    },
    "es": {
        "title": "Cómo funciona mi ciudad",
        "slug": "como-funciona-mi-ciudad",
        "search_description": (
            "Cinco lecciones para jóvenes de 11 a 14 años: qué hace el gobierno local, cómo "
            "reportar un problema al 311 y cómo los jóvenes cambian su barrio."
        ),
        "ages": "11–14",
        "intro": (
            "<p>Cinco lecciones para estudiantes de secundaria sobre el gobierno local con "
            "el que se cruzan todos los días: quién arregla el farol, adónde va la basura y "
            "cómo una llamada o una foto enviada al 311 se convierte en una orden de "
            "trabajo. Los estudiantes recorren su propio barrio, envían reportes reales, "
            "conocen a las personas que los atienden y ven lo que cambió.</p>"
        ),
        "for_educators": (
            "<p>Cada lección cabe en una clase de 45 a 90 minutos; los tiempos suman la "
            "duración de la lección, así puede ver dónde recortar si falta tiempo.</p>"
            "<ul>"
            "<li><b>Antes de la lección 1</b>, abra la sesión con la encuesta previa al "
            "programa para que los estudiantes la respondan en los primeros diez minutos, "
            "antes de enseñar nada.</li>"
            "<li><b>La lección 3</b> sale a la calle: necesita el consentimiento de los "
            "padres o tutores registrado para cada estudiante que envíe un reporte, un "
            "adulto por cada ocho estudiantes y un recorrido planeado de antemano.</li>"
            "<li><b>La lección 4</b> funciona mejor con un invitado: alguien de la cuadrilla "
            "de obras públicas, una operadora del 311 o un cadete de policía. Invítelos "
            "con una semana de anticipación.</li>"
            "<li><b>Después de la lección 5</b>, abra la sesión con la encuesta posterior "
            "al programa.</li>"
            "</ul>"
            "<p>Los estudiantes nunca necesitan una cuenta ni un correo electrónico. "
            "Imprima la hoja de cada lección y escriba en ella el código de cada "
            "estudiante: el código une sus respuestas de antes y después del programa sin "
            "su nombre.</p>"
        ),
    },
}

# Each lesson's body: (block type, …) entries whose texts are (English, Spanish) pairs, so a
# translation is written beside its original; the activities' minutes add up to the lesson.
LESSONS = [
    {
        "key": "government",
        "minutes": 60,
        "en": {
            "title": "What local government does",
            "slug": "what-local-government-does",
            "summary": (
                "Students list everything they used this morning that the city provides, "
                "then sort it by the department that runs it."
            ),
        },
        "es": {
            "title": "Qué hace el gobierno local",
            "slug": "que-hace-el-gobierno-local",
            "summary": (
                "Los estudiantes anotan todo lo que usaron esta mañana que la ciudad "
                "ofrece, y luego lo ordenan según el departamento que lo maneja."
            ),
        },
        "body": [
            (
                "objectives",
                [
                    (
                        "Name five services the city provides every day.",
                        "Nombrar cinco servicios que la ciudad ofrece todos los días.",
                    ),
                    (
                        "Match a service to the department that runs it.",
                        "Relacionar un servicio con el departamento que lo maneja.",
                    ),
                    (
                        "Tell the difference between the city, the state and the federal "
                        "government.",
                        "Distinguir entre la ciudad, el estado y el gobierno federal.",
                    ),
                ],
            ),
            (
                "materials",
                [
                    ("Sticky notes, two colours", "Notas adhesivas de dos colores"),
                    (
                        "Five large sheets of paper, one per department",
                        "Cinco pliegos de papel grandes, uno por departamento",
                    ),
                    (
                        "The pre-program survey, open on the session",
                        "La encuesta previa, abierta en la sesión",
                    ),
                ],
            ),
            (
                "activity",
                10,
                ("The survey first", "Primero, la encuesta"),
                (
                    "<p>Write the session's join code on the board. Students join on a "
                    "phone or a class computer, pick their name and answer the "
                    "before-the-program survey. Tell them there are no wrong answers: it "
                    "shows what they know <b>before</b> the program.</p>",
                    "<p>Escriba en la pizarra el código de la sesión. Los estudiantes entran "
                    "con un teléfono o una computadora de la clase, eligen su nombre y "
                    "responden la encuesta de antes del programa. Dígales que no hay "
                    "respuestas incorrectas: muestra lo que saben <b>antes</b> del "
                    "programa.</p>",
                ),
            ),
            (
                "activity",
                15,
                ("My morning, by the city", "Mi mañana, gracias a la ciudad"),
                (
                    "<p>Each student writes on sticky notes everything they used between "
                    "waking up and arriving at school that someone had to build, clean or "
                    "run: tap water, the street, the crosswalk signal, the bus, the park "
                    "they cut through, the trash can on the corner. One thing per note.</p>"
                    "<p>In pairs, they compare lists and add what the other thought of.</p>",
                    "<p>Cada estudiante escribe en notas adhesivas todo lo que usó desde que "
                    "se despertó hasta llegar a la escuela que alguien tuvo que construir, "
                    "limpiar o manejar: el agua de la llave, la calle, el semáforo "
                    "peatonal, el autobús, el parque que cruzó, el bote de basura de la "
                    "esquina. Una cosa por nota.</p>"
                    "<p>En parejas, comparan sus listas y agregan lo que pensó el otro.</p>",
                ),
            ),
            (
                "activity",
                20,
                ("Who runs it?", "¿Quién lo maneja?"),
                (
                    "<p>Put up five sheets: <i>Streets and transportation</i>, <i>Water "
                    "and sanitation</i>, <i>Parks and recreation</i>, <i>Public safety</i>, "
                    "<i>Something else</i>. Students place their notes on the sheet of the "
                    "department they think runs each thing.</p>"
                    "<p>Go through the sheets together. Move notes that are in the wrong "
                    "place and explain why: the school district, the state highway and "
                    "the mail are run by other governments, not the city.</p>",
                    "<p>Pegue cinco pliegos: <i>Calles y transporte</i>, <i>Agua y "
                    "saneamiento</i>, <i>Parques y recreación</i>, <i>Seguridad "
                    "pública</i>, <i>Otra cosa</i>. Los estudiantes colocan sus notas en el "
                    "pliego del departamento que creen que maneja cada cosa.</p>"
                    "<p>Revisen los pliegos juntos. Muevan las notas que están en el lugar "
                    "equivocado y explique por qué: el distrito escolar, la autopista "
                    "estatal y el correo los manejan otros gobiernos, no la ciudad.</p>",
                ),
            ),
            (
                "activity",
                15,
                ("Who pays, who decides?", "¿Quién paga y quién decide?"),
                (
                    "<p>Explain in five minutes that the city is paid for by residents' "
                    "taxes and fees, that the mayor and the council decide how the money "
                    "is spent, and that city workers do the work. Then discuss the "
                    "questions below in small groups and share one answer per group.</p>",
                    "<p>Explique en cinco minutos que la ciudad se paga con los impuestos y "
                    "las tarifas de los residentes, que la alcaldía y el concejo deciden "
                    "cómo se gasta el dinero y que los trabajadores de la ciudad hacen el "
                    "trabajo. Luego conversen en grupos pequeños sobre las preguntas de "
                    "abajo y compartan una respuesta por grupo.</p>",
                ),
            ),
            (
                "discussion",
                [
                    (
                        "Which city service would you miss first if it stopped tomorrow?",
                        "¿Qué servicio de la ciudad extrañarías primero si se detuviera mañana?",
                    ),
                    (
                        "How does the city find out that something is broken?",
                        "¿Cómo se entera la ciudad de que algo está roto?",
                    ),
                    (
                        "Who could you tell if the streetlight on your block went out?",
                        "¿A quién le podrías avisar si se apagara el farol de tu cuadra?",
                    ),
                ],
            ),
            (
                "vocabulary",
                [
                    (
                        (
                            "local government",
                            "the city or county government that runs the services near you",
                        ),
                        (
                            "gobierno local",
                            (
                                "el gobierno de la ciudad o del condado que "
                                "maneja los servicios cercanos"
                            ),
                        ),
                    ),
                    (
                        (
                            "department",
                            "a part of the city government with one job, such as parks or water",
                        ),
                        (
                            "departamento",
                            (
                                "una parte del gobierno de la ciudad con una "
                                "tarea, como parques o agua"
                            ),
                        ),
                    ),
                    (
                        (
                            "city council",
                            "the elected people who make the city's laws and decide its budget",
                        ),
                        (
                            "concejo municipal",
                            (
                                "las personas elegidas que hacen las leyes de la "
                                "ciudad y deciden su presupuesto"
                            ),
                        ),
                    ),
                    (
                        ("budget", "the plan for how the city's money is spent in a year"),
                        (
                            "presupuesto",
                            "el plan de cómo se gasta el dinero de la ciudad en un año",
                        ),
                    ),
                ],
            ),
            (
                "handout",
                ("The city around my home", "La ciudad alrededor de mi casa"),
                (
                    "<p>Tonight, find three things near your home that the city takes care "
                    "of. For each one, write:</p>"
                    "<ol><li>What it is and where it is.</li>"
                    "<li>Which department you think runs it.</li>"
                    "<li>Is it in good shape? What would make it better?</li></ol>"
                    "<p>Bring your list to the next lesson.</p>",
                    "<p>Esta noche, busca tres cosas cerca de tu casa que cuida la ciudad. "
                    "Para cada una, escribe:</p>"
                    "<ol><li>Qué es y dónde está.</li>"
                    "<li>Qué departamento crees que la maneja.</li>"
                    "<li>¿Está en buen estado? ¿Qué la mejoraría?</li></ol>"
                    "<p>Trae tu lista a la próxima lección.</p>",
                ),
            ),
        ],
    },
    {
        "key": "reporting",
        "minutes": 60,
        "en": {
            "title": "311 and how to report",
            "slug": "311-and-how-to-report",
            "summary": (
                "What 311 is, what makes a report the city can act on, and practice "
                "writing reports from photos before going outside."
            ),
        },
        "es": {
            "title": "El 311 y cómo reportar",
            "slug": "el-311-y-como-reportar",
            "summary": (
                "Qué es el 311, qué hace que la ciudad pueda atender un reporte, y práctica "
                "escribiendo reportes a partir de fotos antes de salir a la calle."
            ),
        },
        "body": [
            (
                "objectives",
                [
                    (
                        "Explain when to call 311 and when to call 911.",
                        "Explicar cuándo llamar al 311 y cuándo al 911.",
                    ),
                    (
                        "Write a report with the three things the city needs: what, where "
                        "and a photo.",
                        "Escribir un reporte con las tres cosas que la ciudad necesita: "
                        "qué, dónde y una foto.",
                    ),
                    (
                        "Take a photo that shows the problem without showing anyone's face.",
                        "Tomar una foto que muestre el problema sin mostrar la cara de nadie.",
                    ),
                ],
            ),
            (
                "materials",
                [
                    (
                        "Six printed photos of problems (graffiti, dumping, a pothole, a "
                        "broken light, a blocked drain, an overflowing bin)",
                        "Seis fotos impresas de problemas (grafiti, basura tirada, un bache, "
                        "una luz rota, un desagüe tapado, un bote desbordado)",
                    ),
                    ("This lesson's handout", "La hoja de esta lección"),
                ],
            ),
            (
                "activity",
                10,
                ("311 or 911?", "¿311 o 911?"),
                (
                    "<p>Read situations aloud and have students stand up for 911 and stay "
                    "seated for 311: a car on fire (911), a pothole (311), someone hurt "
                    "(911), graffiti on a wall (311), a fallen tree blocking the road "
                    "(311, or 911 if it fell on someone). Rule of thumb: <b>danger now, "
                    "911; a problem to fix, 311</b>.</p>",
                    "<p>Lea situaciones en voz alta: los estudiantes se ponen de pie para "
                    "el 911 y se quedan sentados para el 311: un auto en llamas (911), un "
                    "bache (311), una persona herida (911), grafiti en una pared (311), un "
                    "árbol caído que bloquea la calle (311, o 911 si cayó sobre alguien). "
                    "Regla práctica: <b>peligro ahora, 911; un problema que arreglar, "
                    "311</b>.</p>",
                ),
            ),
            (
                "activity",
                15,
                ("The life of a report", "La vida de un reporte"),
                (
                    "<p>Draw on the board what happens to a report: a resident files it; "
                    "the 311 center checks it and sends it to the right department; a crew "
                    "gets a work order; the crew fixes it; the report is closed and the "
                    "resident can see it. Ask at each step: what could go wrong if the "
                    "report were unclear?</p>",
                    "<p>Dibuje en la pizarra lo que le pasa a un reporte: un residente lo "
                    "envía; el centro 311 lo revisa y lo manda al departamento correcto; "
                    "una cuadrilla recibe una orden de trabajo; la cuadrilla lo arregla; el "
                    "reporte se cierra y el residente lo puede ver. Pregunte en cada paso: "
                    "¿qué podría salir mal si el reporte no fuera claro?</p>",
                ),
            ),
            (
                "activity",
                25,
                ("Good report, weak report", "Reporte bueno, reporte débil"),
                (
                    "<p>Give each group one printed photo. They write the report they "
                    "would send: the category, what they see, and exactly where (the "
                    "address, or the nearest corner and a landmark). Groups swap reports "
                    "and check them against the handout's list. Would a crew that has "
                    "never been there find it?</p>"
                    "<p>Finish with photos: show one that shows a face and one that does "
                    "not. We never send photos of people, their faces or their car "
                    "plates.</p>",
                    "<p>Entregue a cada grupo una foto impresa. Escriben el reporte que "
                    "enviarían: la categoría, lo que ven y dónde exactamente (la dirección, "
                    "o la esquina más cercana y un punto de referencia). Los grupos "
                    "intercambian reportes y los revisan con la lista de la hoja. ¿Lo "
                    "encontraría una cuadrilla que nunca ha estado allí?</p>"
                    "<p>Terminen con las fotos: muestre una que enseña una cara y otra que "
                    "no. Nunca enviamos fotos de personas, de sus caras ni de las placas de "
                    "sus autos.</p>",
                ),
            ),
            (
                "activity",
                10,
                ("Plan the walk", "Planear el recorrido"),
                (
                    "<p>Show the route of next lesson's walk on a map. Agree on the rules: "
                    "stay with your group, never step into the street to take a photo, "
                    "ask an adult when in doubt.</p>",
                    "<p>Muestre en un mapa el recorrido de la próxima lección. Acuerden las "
                    "reglas: quedarse con el grupo, nunca bajar a la calle para tomar una "
                    "foto, preguntar a un adulto si hay dudas.</p>",
                ),
            ),
            (
                "discussion",
                [
                    (
                        "Why does the city need the exact place, not just the street name?",
                        (
                            "¿Por qué la ciudad necesita el lugar exacto y "
                            "no solo el nombre de la calle?"
                        ),
                    ),
                    (
                        "Why should a photo never show someone's face?",
                        "¿Por qué una foto nunca debe mostrar la cara de alguien?",
                    ),
                    (
                        "What would you want to know after you send a report?",
                        "¿Qué te gustaría saber después de enviar un reporte?",
                    ),
                ],
            ),
            (
                "vocabulary",
                [
                    (
                        (
                            "311",
                            "the city's number and website for problems that are not emergencies",
                        ),
                        (
                            "311",
                            (
                                "el número y el sitio web de la ciudad para "
                                "problemas que no son emergencias"
                            ),
                        ),
                    ),
                    (
                        ("service request", "a report asking the city to fix or check something"),
                        (
                            "solicitud de servicio",
                            "un reporte que pide a la ciudad arreglar o revisar algo",
                        ),
                    ),
                    (
                        ("work order", "the task a crew receives to do the repair"),
                        (
                            "orden de trabajo",
                            "la tarea que recibe una cuadrilla para hacer la reparación",
                        ),
                    ),
                    (
                        ("landmark", "something easy to see that helps others find a place"),
                        (
                            "punto de referencia",
                            "algo fácil de ver que ayuda a otros a encontrar un lugar",
                        ),
                    ),
                ],
            ),
            (
                "handout",
                ("A report the city can act on", "Un reporte que la ciudad puede atender"),
                (
                    "<ul><li><b>What</b>: choose the category and say what you see "
                    "(“graffiti on the side wall of the laundromat, about 2 m wide”).</li>"
                    "<li><b>Where</b>: the address, or the corner and a landmark.</li>"
                    "<li><b>A photo</b>: the problem, up close and from further away. No "
                    "faces, no car plates.</li>"
                    "<li><b>Safe</b>: stay on the sidewalk; danger now means 911.</li></ul>",
                    "<ul><li><b>Qué</b>: elige la categoría y di lo que ves (“grafiti en la "
                    "pared lateral de la lavandería, de unos 2 m de ancho”).</li>"
                    "<li><b>Dónde</b>: la dirección, o la esquina y un punto de "
                    "referencia.</li>"
                    "<li><b>Una foto</b>: el problema, de cerca y de más lejos. Sin caras, "
                    "sin placas de autos.</li>"
                    "<li><b>Seguro</b>: quédate en la acera; peligro ahora significa "
                    "911.</li></ul>",
                ),
            ),
        ],
    },
    {
        "key": "walk",
        "minutes": 90,
        "en": {
            "title": "A neighborhood walk",
            "slug": "a-neighborhood-walk",
            "summary": (
                "Students walk a planned route in small groups, spot problems and file "
                "real reports from a phone with the session's join code."
            ),
        },
        "es": {
            "title": "Un recorrido por el barrio",
            "slug": "un-recorrido-por-el-barrio",
            "summary": (
                "Los estudiantes recorren en grupos pequeños una ruta planeada, descubren "
                "problemas y envían reportes reales desde un teléfono con el código de la "
                "sesión."
            ),
        },
        "body": [
            (
                "objectives",
                [
                    (
                        "Spot problems in public space and decide which ones to report.",
                        "Descubrir problemas en el espacio público y decidir cuáles reportar.",
                    ),
                    (
                        "File a complete report from a phone, with a safe photo.",
                        "Enviar un reporte completo desde un teléfono, con una foto segura.",
                    ),
                    (
                        "Notice what works well in the neighborhood, not only what is broken.",
                        (
                            "Fijarse en lo que funciona bien en el barrio, "
                            "no solo en lo que está roto."
                        ),
                    ),
                ],
            ),
            (
                "materials",
                [
                    (
                        "One phone per group, charged, with the session open",
                        "Un teléfono por grupo, cargado, con la sesión abierta",
                    ),
                    ("Clipboards with the walk sheet", "Tablillas con la hoja del recorrido"),
                    ("Safety vests for the adults", "Chalecos de seguridad para los adultos"),
                    (
                        "The guardians' consents on record for every student who files",
                        "Los consentimientos de los padres o tutores registrados para cada "
                        "estudiante que envíe reportes",
                    ),
                ],
            ),
            (
                "activity",
                10,
                ("Groups and rules", "Grupos y reglas"),
                (
                    "<p>Form groups of four with one adult per two groups. Each group has a "
                    "reporter (the phone), a photographer, a spotter (who reads the "
                    "address) and a safety lead. Open the session on your phone and write "
                    "its join code on each clipboard.</p>",
                    "<p>Formen grupos de cuatro con un adulto por cada dos grupos. Cada "
                    "grupo tiene quien reporta (el teléfono), quien toma la foto, quien "
                    "busca la dirección y quien cuida la seguridad. Abra la sesión en su "
                    "teléfono y escriba el código en cada tablilla.</p>",
                ),
            ),
            (
                "activity",
                60,
                ("The walk", "El recorrido"),
                (
                    "<p>Walk the route. At each problem the group agrees whether to report "
                    "it and in which category, takes the photo from the sidewalk and files "
                    "the report. Mark on the walk sheet also one thing that works well on "
                    "each block: a clean park, a new ramp, a mural.</p>"
                    "<p>Reports go to your review first: nothing reaches the city before "
                    "you have checked it for names and faces.</p>",
                    "<p>Hagan el recorrido. Ante cada problema el grupo decide si lo "
                    "reporta y en qué categoría, toma la foto desde la acera y envía el "
                    "reporte. Anoten también en la hoja una cosa que funciona bien en cada "
                    "cuadra: un parque limpio, una rampa nueva, un mural.</p>"
                    "<p>Los reportes pasan primero por su revisión: nada llega a la ciudad "
                    "antes de que usted compruebe que no hay nombres ni caras.</p>",
                ),
            ),
            (
                "activity",
                20,
                ("Back in class: what we found", "De vuelta en clase: lo que encontramos"),
                (
                    "<p>Each group tells the class its best report and the thing that "
                    "works well. Show the session page: how many reports by category, and "
                    "the map. Ask which problem came up most and why.</p>",
                    "<p>Cada grupo cuenta a la clase su mejor reporte y la cosa que "
                    "funciona bien. Muestre la página de la sesión: cuántos reportes por "
                    "categoría y el mapa. Pregunte qué problema apareció más y por qué.</p>",
                ),
            ),
            (
                "discussion",
                [
                    (
                        "Which problem did we see most often? Why might that be?",
                        "¿Qué problema vimos más veces? ¿Por qué será?",
                    ),
                    (
                        "Was there something we decided not to report? Why?",
                        "¿Hubo algo que decidimos no reportar? ¿Por qué?",
                    ),
                    (
                        "What surprised you about your own neighborhood?",
                        "¿Qué te sorprendió de tu propio barrio?",
                    ),
                ],
            ),
            (
                "vocabulary",
                [
                    (
                        (
                            "illegal dumping",
                            "leaving trash, furniture or tires where it is not allowed",
                        ),
                        (
                            "basura tirada ilegalmente",
                            "dejar basura, muebles o llantas donde no está permitido",
                        ),
                    ),
                    (
                        (
                            "graffiti",
                            "writing or drawings put on a wall without the owner's permission",
                        ),
                        ("grafiti", "escritos o dibujos hechos en una pared sin permiso del dueño"),
                    ),
                    (
                        ("public space", "streets, sidewalks and parks that belong to everyone"),
                        ("espacio público", "calles, aceras y parques que son de todos"),
                    ),
                ],
            ),
            (
                "handout",
                ("My walk sheet", "Mi hoja del recorrido"),
                (
                    "<p>For each block we walk, write:</p>"
                    "<ol><li>The street and the nearest corner.</li>"
                    "<li>A problem we saw, and whether we reported it.</li>"
                    "<li>One thing that works well here.</li></ol>"
                    "<p>At home: tell someone in your family about one report you sent. "
                    "Next week we will see what happened to it.</p>",
                    "<p>Para cada cuadra que recorremos, escribe:</p>"
                    "<ol><li>La calle y la esquina más cercana.</li>"
                    "<li>Un problema que vimos, y si lo reportamos.</li>"
                    "<li>Una cosa que funciona bien aquí.</li></ol>"
                    "<p>En casa: cuéntale a alguien de tu familia sobre un reporte que "
                    "enviaste. La próxima semana veremos qué pasó con él.</p>",
                ),
            ),
        ],
    },
    {
        "key": "people",
        "minutes": 60,
        "en": {
            "title": "Meeting the people who fix things",
            "slug": "meeting-the-people-who-fix-things",
            "summary": (
                "A guest from a city crew, the 311 center or a partner such as a police "
                "cadet program explains their work; students interview them."
            ),
        },
        "es": {
            "title": "Conocer a quienes arreglan las cosas",
            "slug": "conocer-a-quienes-arreglan-las-cosas",
            "summary": (
                "Un invitado de una cuadrilla de la ciudad, del centro 311 o de un socio "
                "como un programa de cadetes de policía explica su trabajo; los "
                "estudiantes lo entrevistan."
            ),
        },
        "body": [
            (
                "objectives",
                [
                    (
                        "Describe one city job and the path a report takes to reach it.",
                        "Describir un trabajo de la ciudad y el camino que recorre un "
                        "reporte hasta llegar a él.",
                    ),
                    (
                        "Ask open questions and note the answers.",
                        "Hacer preguntas abiertas y anotar las respuestas.",
                    ),
                    (
                        "See what happened to the reports the class filed.",
                        "Ver qué pasó con los reportes que envió la clase.",
                    ),
                ],
            ),
            (
                "materials",
                [
                    (
                        "The class's reports on the screen (the session page)",
                        "Los reportes de la clase en la pantalla (la página de la sesión)",
                    ),
                    (
                        "Index cards for the students' questions",
                        "Tarjetas para las preguntas de los estudiantes",
                    ),
                ],
            ),
            (
                "activity",
                10,
                ("What became of our reports?", "¿Qué pasó con nuestros reportes?"),
                (
                    "<p>Open the session page and go through the class's reports: which "
                    "are received, in progress, resolved? Let students guess why some were "
                    "fixed in days and others not yet.</p>",
                    "<p>Abra la página de la sesión y revisen los reportes de la clase: "
                    "¿cuáles están recibidos, en curso, resueltos? Deje que los estudiantes "
                    "adivinen por qué unos se arreglaron en días y otros todavía no.</p>",
                ),
            ),
            (
                "activity",
                10,
                ("Prepare the questions", "Preparar las preguntas"),
                (
                    "<p>In groups, students write three questions for the guest on index "
                    "cards, starting with how, why or what. Collect them and pick the best "
                    "ones with the class.</p>",
                    "<p>En grupos, los estudiantes escriben tres preguntas para el invitado "
                    "en tarjetas, empezando por cómo, por qué o qué. Recójalas y elijan "
                    "las mejores con la clase.</p>",
                ),
            ),
            (
                "activity",
                30,
                ("The guest", "El invitado"),
                (
                    "<p>The guest talks for ten minutes about a normal day at work and one "
                    "report they remember. Then students ask their questions. Ask the "
                    "guest to explain how they decide what to fix first.</p>",
                    "<p>El invitado habla diez minutos sobre un día normal de trabajo y un "
                    "reporte que recuerda. Luego los estudiantes hacen sus preguntas. Pida "
                    "al invitado que explique cómo decide qué arreglar primero.</p>",
                ),
            ),
            (
                "activity",
                10,
                ("Thank-you note", "Nota de agradecimiento"),
                (
                    "<p>Each student writes one sentence for a class thank-you note: "
                    "something they learned from the guest.</p>",
                    "<p>Cada estudiante escribe una frase para una nota de agradecimiento "
                    "de la clase: algo que aprendió del invitado.</p>",
                ),
            ),
            (
                "discussion",
                [
                    (
                        "What does the guest's job need that you did not expect?",
                        "¿Qué necesita el trabajo del invitado que no esperabas?",
                    ),
                    (
                        "How does the city decide which problem to fix first?",
                        "¿Cómo decide la ciudad qué problema arreglar primero?",
                    ),
                    (
                        "Would you like a job like this one day? Why?",
                        "¿Te gustaría un trabajo así algún día? ¿Por qué?",
                    ),
                ],
            ),
            (
                "vocabulary",
                [
                    (
                        ("crew", "a team of city workers who do repairs together"),
                        (
                            "cuadrilla",
                            "un equipo de trabajadores de la ciudad que hacen reparaciones juntos",
                        ),
                    ),
                    (
                        (
                            "priority",
                            "what is done first because it matters most or is most urgent",
                        ),
                        ("prioridad", "lo que se hace primero porque importa más o es más urgente"),
                    ),
                    (
                        (
                            "partner",
                            (
                                "an organisation that works with the city, such "
                                "as a library or a cadet program"
                            ),
                        ),
                        (
                            "socio",
                            (
                                "una organización que trabaja con la ciudad, como una "
                                "biblioteca o un programa de cadetes"
                            ),
                        ),
                    ),
                ],
            ),
            (
                "handout",
                ("My interview notes", "Mis notas de la entrevista"),
                (
                    "<p>Our guest's name and job: ______________________</p>"
                    "<ol><li>My question:</li><li>The answer:</li>"
                    "<li>One thing I will remember:</li></ol>",
                    "<p>Nombre y trabajo de nuestro invitado: ______________________</p>"
                    "<ol><li>Mi pregunta:</li><li>La respuesta:</li>"
                    "<li>Algo que voy a recordar:</li></ol>",
                ),
            ),
        ],
    },
    {
        "key": "difference",
        "minutes": 60,
        "en": {
            "title": "Making a difference",
            "slug": "making-a-difference",
            "summary": (
                "Students look at what changed because of their reports, plan one more "
                "action for their neighborhood and answer the post-program survey."
            ),
        },
        "es": {
            "title": "Hacer la diferencia",
            "slug": "hacer-la-diferencia",
            "summary": (
                "Los estudiantes miran lo que cambió gracias a sus reportes, planean una "
                "acción más para su barrio y responden la encuesta posterior al programa."
            ),
        },
        "body": [
            (
                "objectives",
                [
                    (
                        "Explain with numbers what the class's reports changed.",
                        "Explicar con números lo que cambiaron los reportes de la clase.",
                    ),
                    (
                        "Plan one action for the neighborhood and who to ask for help.",
                        "Planear una acción para el barrio y a quién pedir ayuda.",
                    ),
                    (
                        "Teach someone else how to report a problem.",
                        "Enseñar a otra persona a reportar un problema.",
                    ),
                ],
            ),
            (
                "materials",
                [
                    (
                        "The class results page on the screen",
                        "La página de resultados de la clase en la pantalla",
                    ),
                    (
                        "The post-program survey, open on the session",
                        "La encuesta posterior, abierta en la sesión",
                    ),
                ],
            ),
            (
                "activity",
                15,
                ("Our results", "Nuestros resultados"),
                (
                    "<p>Show the class results page: how many reports, by category, how "
                    "many resolved. Students turn the figures into sentences: “We sent 25 "
                    "reports; 18 are fixed.” Ask what those numbers mean for the people "
                    "who live on those blocks.</p>",
                    "<p>Muestre la página de resultados de la clase: cuántos reportes, por "
                    "categoría, cuántos resueltos. Los estudiantes convierten las cifras en "
                    "frases: “Enviamos 25 reportes; 18 están arreglados.” Pregunte qué "
                    "significan esos números para la gente que vive en esas cuadras.</p>",
                ),
            ),
            (
                "activity",
                25,
                ("One more action", "Una acción más"),
                (
                    "<p>In groups, students choose one thing the walk showed that a single "
                    "report cannot fix (a park without lights, dumping that keeps coming "
                    "back) and plan an action: a clean-up with a neighborhood volunteer "
                    "group, an idea posted on the city's ideas page, a letter to the "
                    "council member. Each group presents its plan in two minutes.</p>",
                    "<p>En grupos, los estudiantes eligen algo del recorrido que un solo "
                    "reporte no puede arreglar (un parque sin luces, basura que vuelve una "
                    "y otra vez) y planean una acción: una limpieza con un grupo de "
                    "voluntarios del barrio, una idea publicada en la página de ideas de "
                    "la ciudad, una carta al concejal. Cada grupo presenta su plan en dos "
                    "minutos.</p>",
                ),
            ),
            (
                "activity",
                10,
                ("The survey again", "Otra vez la encuesta"),
                (
                    "<p>Students join the session again and answer the after-the-program "
                    "survey, typing the handout code written on their handout. Their "
                    "answers are compared with the first survey without their names.</p>",
                    "<p>Los estudiantes entran otra vez en la sesión y responden la "
                    "encuesta de después del programa, con el código escrito en su hoja. "
                    "Sus respuestas se comparan con la primera encuesta sin sus "
                    "nombres.</p>",
                ),
            ),
            (
                "activity",
                10,
                ("Closing circle", "Círculo de cierre"),
                (
                    "<p>Each student finishes the sentence “Now I know that …” and names "
                    "one person they will teach to use 311.</p>",
                    "<p>Cada estudiante termina la frase “Ahora sé que …” y nombra a una "
                    "persona a la que enseñará a usar el 311.</p>",
                ),
            ),
            (
                "discussion",
                [
                    (
                        "Which of our reports made the biggest difference? How do you know?",
                        "¿Cuál de nuestros reportes hizo la mayor diferencia? ¿Cómo lo sabes?",
                    ),
                    (
                        "What can young people change in their city without being old "
                        "enough to vote?",
                        "¿Qué pueden cambiar los jóvenes en su ciudad sin tener edad para votar?",
                    ),
                ],
            ),
            (
                "vocabulary",
                [
                    (
                        ("resolved", "a report the city has dealt with and closed"),
                        ("resuelto", "un reporte que la ciudad atendió y cerró"),
                    ),
                    (
                        ("civic", "about the life of a city and the people who live in it"),
                        (
                            "cívico",
                            "relacionado con la vida de una ciudad y de quienes viven en ella",
                        ),
                    ),
                    (
                        ("advocate", "to speak up for a change you want to see"),
                        ("abogar", "hablar a favor de un cambio que quieres ver"),
                    ),
                ],
            ),
            (
                "handout",
                ("Teach someone to use 311", "Enseña a alguien a usar el 311"),
                (
                    "<p>Show someone at home how to report a problem:</p>"
                    "<ol><li>Danger now? Call 911. A problem to fix? Use 311.</li>"
                    "<li>Say what it is, and exactly where.</li>"
                    "<li>Add a photo with no faces.</li>"
                    "<li>Keep the reference number and check what happens.</li></ol>"
                    "<p>Who I taught: ______________________</p>",
                    "<p>Enséñale a alguien en casa a reportar un problema:</p>"
                    "<ol><li>¿Peligro ahora? Llama al 911. ¿Un problema que arreglar? Usa "
                    "el 311.</li>"
                    "<li>Di qué es y dónde está exactamente.</li>"
                    "<li>Agrega una foto sin caras.</li>"
                    "<li>Guarda el número de referencia y revisa qué pasa.</li></ol>"
                    "<p>A quién le enseñé: ______________________</p>",
                ),
            ),
        ],
    },
]


def _id(*parts):
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def _pick(pair, language):
    return pair[LANGUAGES.index(language)]


def _list_items(lesson_key, index, entries):
    return [
        {"type": "item", "value": value, "id": _id(lesson_key, index, number)}
        for number, value in enumerate(entries)
    ]


def body(lesson, language):
    """The lesson's ``body`` StreamField data in ``language`` (the same ids in each)."""
    blocks = []
    for index, (kind, *spec) in enumerate(lesson["body"]):
        if kind in ("objectives", "materials", "discussion"):
            texts = [_pick(pair, language) for pair in spec[0]]
            value = _list_items(lesson["key"], index, texts)
        elif kind == "vocabulary":
            entries = [
                dict(zip(("term", "definition"), _pick(pair, language), strict=True))
                for pair in spec[0]
            ]
            value = _list_items(lesson["key"], index, entries)
        elif kind == "activity":
            minutes, title, instructions = spec
            value = {
                "title": _pick(title, language),
                "minutes": minutes,
                "instructions": _pick(instructions, language),
            }
        elif kind == "handout":
            title, text = spec
            value = {"title": _pick(title, language), "text": _pick(text, language)}
        else:
            raise ValueError(f"{lesson['key']}: no demo block of type {kind!r}")
        blocks.append({"type": kind, "value": value, "id": _id(lesson["key"], index)})
    return blocks


def _body_json(value):
    """A lesson body (a StreamValue or its raw data) in one comparable form."""
    block = LessonPage._meta.get_field("body").stream_block
    if isinstance(value, list):
        value = block.to_python(value)
    return json.dumps(block.get_prep_value(value), sort_keys=True, cls=DjangoJSONEncoder)


def _differs(page, name, value):
    if name == "body":
        return _body_json(page.body) != _body_json(value)
    return getattr(page, name) != value


def lesson_fields(lesson, language):
    return {
        **lesson[language],
        "duration_minutes": lesson["minutes"],
        "body": body(lesson, language),
    }


def youth_section(english, spanish):
    """The Youth programs section (seed_demo's), with a Spanish translation; or None."""
    section = SectionPage.objects.filter(locale=english, slug=SECTION["en"][1]).first()
    if section is None:
        return None
    if section.get_translation_or_none(spanish) is None:
        # seed_demo translates the home page and its sections; a bare site may not have.
        section.copy_for_translation(spanish, copy_parents=True)
        title, slug = SECTION["es"]
        translate(section, spanish, {"title": title, "slug": slug})
    return section


def ensure_curriculum(section, spanish):
    english_fields = CURRICULUM["en"]
    curriculum = (
        CurriculumPage.objects.child_of(section).filter(slug=english_fields["slug"]).first()
    )
    if curriculum is None:
        curriculum = CurriculumPage(show_in_menus=False, **english_fields)
        Page.objects.get(pk=section.pk).add_child(instance=curriculum)
        curriculum.save_revision().publish()
    translate(curriculum, spanish, CURRICULUM["es"])
    return CurriculumPage.objects.get(pk=curriculum.pk)


def ensure_lesson(curriculum, spanish, lesson):
    """The lesson under ``curriculum`` (added last when missing), with its translation."""
    page = LessonPage.objects.child_of(curriculum).filter(slug=lesson["en"]["slug"]).first()
    if page is None:
        page = LessonPage(**lesson_fields(lesson, "en"))
        Page.objects.get(pk=curriculum.pk).add_child(instance=page)
        page.save_revision().publish()
    translate(page, spanish, lesson_fields(lesson, "es"), differs=_differs)
    return page


@transaction.atomic
def load_demo_curriculum():
    """The English "How my city works" with its five lessons and their Spanish
    translations, made if missing; None when there is no Youth programs section."""
    english, _ = Locale.objects.get_or_create(language_code="en")
    spanish, _ = Locale.objects.get_or_create(language_code="es")
    section = youth_section(english, spanish)
    if section is None:
        logger.warning("No demo curriculum: there is no Youth programs section (seed_demo).")
        return None
    curriculum = ensure_curriculum(section, spanish)
    for lesson in LESSONS:
        ensure_lesson(curriculum, spanish, lesson)
    return curriculum
