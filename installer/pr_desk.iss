; Inno Setup script for PR Desk. Build after PyInstaller: iscc installer\pr_desk.iss
#define AppName "PR Desk"
#define AppVersion "0.1.0"

[Setup]
AppId={{6C1F3F0E-7B7A-4C1E-9E4B-1405PRDESK01}
AppName={#AppName}
AppVersion={#AppVersion}
DefaultDirName={autopf}\PR Desk
DefaultGroupName=PR Desk
OutputBaseFilename=PRDesk-Setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=lowest
WizardStyle=modern
ChangesAssociations=yes
LanguageDetectionMethod=none

[Languages]
Name: "persian"; MessagesFile: "compiler:Languages\Persian.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\PRDesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs

[Registry]
; Opening a .prsync file (a field package or a return file) runs PR Desk with it: on a
; laptop a new field copy is made, otherwise the import wizard opens after login.
Root: HKCU; Subkey: "Software\Classes\.prsync"; ValueType: string; ValueName: ""; ValueData: "PRDesk.SyncFile"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\PRDesk.SyncFile"; ValueType: string; ValueName: ""; ValueData: "فایل همگام‌سازی میز روابط عمومی"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\PRDesk.SyncFile\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\pr-desk.exe,0"
Root: HKCU; Subkey: "Software\Classes\PRDesk.SyncFile\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\pr-desk.exe"" ""%1"""

[Icons]
Name: "{group}\میز روابط عمومی"; Filename: "{app}\pr-desk.exe"
Name: "{autodesktop}\میز روابط عمومی"; Filename: "{app}\pr-desk.exe"

[Run]
Filename: "{app}\pr-desk.exe"; Description: "Open PR Desk"; Flags: nowait postinstall skipifsilent
