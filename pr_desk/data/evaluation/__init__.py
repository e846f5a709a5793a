"""pr_desk/data/evaluation"""
