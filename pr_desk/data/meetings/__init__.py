"""pr_desk/data/meetings"""
