"""The pages and API lists the benchmark measures: (name, demo user, url).

``{name}`` placeholders are ids written by bench/seed.py to ``bench/out/ids_<scale>.json`` (see ``resolve()`` in
run.py): the longest topic, the busiest agency forum, the published 360° cycle, Diskominfo's agency id …
"""

PAGES = [
    # Home page of each role (panels from every app).
    ("home (agent)", "agen.diskominfo", "/"),
    ("home (pegawai)", "pegawai.diskominfo", "/"),
    ("home (operator)", "operator.diskominfo", "/"),
    ("home (kepala)", "kepala.diskominfo", "/"),
    ("home (tim.rb)", "tim.rb", "/"),
    ("home (sekda)", "sekda", "/"),
    # Dashboards (figures cached per scope: see the cold column).
    ("city dashboard", "sekda", "/dashboards/"),
    ("agency dashboard", "kepala.diskominfo", "/dashboards/pd/{diskominfo}/"),
    # Agents: nominations and the registry.
    ("nomination list (operator)", "operator.diskominfo", "/agents/nominasi/"),
    ("nomination list (tim.rb)", "tim.rb", "/agents/nominasi/"),
    ("nomination detail", "operator.diskominfo", "/agents/nominasi/{nomination}/"),
    ("agent registry (tim.rb)", "tim.rb", "/agents/daftar/"),
    ("agent registry (agent)", "agen.diskominfo", "/agents/daftar/"),
    ("employee list", "operator.diskominfo", "/pegawai/"),
    # Forums.
    ("forum index", "agen.diskominfo", "/forums/"),
    ("topic list (city forum)", "agen.diskominfo", "/forums/f/{city_forum}/"),
    ("topic list (busy agency)", "agen.diskominfo", "/forums/f/{busy_forum}/"),
    ("long topic (first page)", "agen.diskominfo", "/forums/t/{long_topic}/"),
    ("long topic (last page)", "agen.diskominfo", "/forums/t/{long_topic}/?page=last"),
    ("forum search (common word)", "agen.diskominfo", "/forums/cari/?q=perubahan"),
    ("forum search (two words)", "agen.diskominfo", "/forums/cari/?q=loket+online"),
    # Evaluations.
    ("my evaluations", "agen.diskominfo", "/evaluations/"),
    ("cycle list", "tim.rb", "/evaluations/cycles/"),
    ("cycle results (tim.rb)", "tim.rb", "/evaluations/cycles/{cycle_published}/results/"),
    ("cycle results (kepala)", "kepala.diskominfo", "/evaluations/cycles/{cycle_published}/results/"),
    # API lists.
    ("API dashboard (sekda)", "sekda", "/api/v1/dashboard/"),
    ("API dashboard (kepala)", "kepala.diskominfo", "/api/v1/dashboard/"),
    ("API employees", "sekda", "/api/v1/employees/"),
    ("API employees (operator)", "operator.diskominfo", "/api/v1/employees/"),
    ("API agencies", "sekda", "/api/v1/agencies/"),
    ("API nominations", "tim.rb", "/api/v1/nominations/"),
    ("API agents", "sekda", "/api/v1/agents/"),
    ("API topics", "agen.diskominfo", "/api/v1/topics/?forum={city_forum}"),
    ("API posts (long topic)", "agen.diskominfo", "/api/v1/posts/?topic={long_topic}"),
    ("API assignments", "pegawai.diskominfo", "/api/v1/assignments/"),
    ("API cycles", "tim.rb", "/api/v1/cycles/"),
]
