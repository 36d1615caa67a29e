"""Import of participants and survey answers from CSV and XLSX files: ``checks`` reads a file's
rows through the forms of form entry and plans what to store; ``services`` keeps the plan for its
owner's confirmation and stores it."""
