"""Event planning's services (جشنواره‌ها، مناسبت‌ها، همایش‌ها، افتتاحیه‌ها), one module per
part: catalogue (event types, venues, the office's occasions), events (create, edit,
status, officials, files, clashes), calendar (month and year views, the official
calendar), and the planning, guest and command-line modules of the other parts. Import
the module you need; this package re-exports nothing."""
