"""Employee import from SIMPEG exports (CSV/XLSX): read → plan (preview) → confirm → apply.

``reader`` decides the file type by content and finds the header row; ``columns`` knows the SIMPEG column names
and how to read each cell; ``planner`` checks every row against the model rules and the database; ``writer``
writes a plan in bulk; ``services`` holds the ImportJob lifecycle; ``template`` builds the downloadable template.
"""
