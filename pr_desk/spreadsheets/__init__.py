"""pr_desk/spreadsheets"""
