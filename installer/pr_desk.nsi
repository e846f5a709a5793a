; The Windows installer of PR Desk (میز روابط عمومی), for NSIS 3 (makensis runs on Linux too).
;   makensis -DPAYLOAD=dist\PRDesk -DVERSION=0.1.0 -DOUTFILE=PRDesk-setup.exe installer\pr_desk.nsi
; PAYLOAD is the frozen one-folder app (scripts/package.sh / PyInstaller). By default the
; program is installed for the current user, without administrator rights, under
; %LOCALAPPDATA%\Programs\PRDesk; `/ALLUSERS` (run as administrator) installs it for every
; user under Program Files. The user's data folder (%LOCALAPPDATA%\PR Desk: databases,
; backups, logs) is never touched: not by an upgrade, not by the uninstaller.
; Silent: `setup.exe /S [/ALLUSERS] [/D=folder]`, `uninstall.exe /S`.
; tests/installer/test_nsis.py compiles this script and runs it under Wine.

Unicode true
Target amd64-unicode  ; PySide6 ships 64-bit Windows wheels only
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\dist\PRDesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\dist\PRDesk-${VERSION}-setup.exe"
!endif
!define APPDIR "PRDesk"
!define EXE "pr-desk.exe"  ; the app (no console window)
!define CLI_EXE "pr-desk-cli.exe"  ; the same program with a console, for the command line
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\PRDesk"
!define CLASS "PRDesk.SyncFile"

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh

Name "$(APP_NAME)"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APPDIR}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "PR Desk"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "PR Desk installer"
VIAddVersionKey /LANG=0 "LegalCopyright" "PR Desk"

!define MUI_ABORTWARNING
; The app's icon (resources/icons, drawn by scripts/make_icon.py) on the installer and uninstaller.
!define MUI_ICON "${__FILEDIR__}/../resources/icons/pr-desk.ico"
!define MUI_UNICON "${__FILEDIR__}/../resources/icons/pr-desk.ico"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Persian first: the clerks' language; English for the rest.
!insertmacro MUI_LANGUAGE "Farsi"
!insertmacro MUI_LANGUAGE "English"

LangString APP_NAME ${LANG_FARSI} "میز روابط عمومی"
LangString APP_NAME ${LANG_ENGLISH} "PR Desk"
LangString SYNC_FILE ${LANG_FARSI} "بستهٔ همگام‌سازی میز روابط عمومی"
LangString SYNC_FILE ${LANG_ENGLISH} "PR Desk sync package"
LangString NEED_ADMIN ${LANG_FARSI} "نصب برای همهٔ کاربران به دسترسی مدیر ویندوز نیاز دارد. برنامهٔ نصب را با «Run as administrator» اجرا کنید، یا بدون /ALLUSERS فقط برای خودتان نصب کنید."
LangString NEED_ADMIN ${LANG_ENGLISH} "Installing for all users needs Windows administrator rights. Run the installer as administrator, or install for yourself only (without /ALLUSERS)."

Var AllUsers

Function .onInit
  ; The interface's language: Persian on a Persian Windows, English otherwise (silent: no dialog).
  ${If} $LANGUAGE != ${LANG_FARSI}
    StrCpy $LANGUAGE ${LANG_ENGLISH}
  ${EndIf}
  StrCpy $AllUsers 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      MessageBox MB_ICONSTOP "$(NEED_ADMIN)" /SD IDOK
      Abort
    ${EndIf}
    StrCpy $AllUsers 1
    SetShellVarContext all
    StrCpy $INSTDIR "$PROGRAMFILES64\${APPDIR}"
  ${Else}
    SetShellVarContext current
    ; An upgrade goes where the installed version is.
    ReadRegStr $R3 HKCU "${UNINSTALL_KEY}" "InstallLocation"
    ${If} $R3 != ""
      StrCpy $INSTDIR $R3
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "PR Desk" SecMain
  SetOutPath "$INSTDIR"
  ; An upgrade: the old program's files go first (a module left over from an older version
  ; must not be loaded by the new one). The user's data folder is elsewhere and stays.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ${If} $AllUsers == 1
    FileOpen $0 "$INSTDIR\all-users" w
    FileClose $0
  ${Else}
    Delete "$INSTDIR\all-users"
  ${EndIf}

  CreateShortcut "$SMPROGRAMS\$(APP_NAME).lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortcut "$DESKTOP\$(APP_NAME).lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; Double-clicking a .prsync file opens it in PR Desk (`pr-desk.exe FILE.prsync`).
  WriteRegStr SHCTX "Software\Classes\.prsync" "" "${CLASS}"
  WriteRegStr SHCTX "Software\Classes\${CLASS}" "" "$(SYNC_FILE)"
  WriteRegStr SHCTX "Software\Classes\${CLASS}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr SHCTX "Software\Classes\${CLASS}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "$(APP_NAME)"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "PR Desk"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  ${If} $LANGUAGE != ${LANG_FARSI}
    StrCpy $LANGUAGE ${LANG_ENGLISH}
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\all-users"
    SetShellVarContext all
  ${Else}
    SetShellVarContext current
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\$(APP_NAME).lnk"
  Delete "$DESKTOP\$(APP_NAME).lnk"
  DeleteRegKey SHCTX "Software\Classes\${CLASS}"
  ReadRegStr $0 SHCTX "Software\Classes\.prsync" ""
  ${If} $0 == "${CLASS}"
    DeleteRegKey SHCTX "Software\Classes\.prsync"
  ${EndIf}
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  ; The program only: the data folder (%LOCALAPPDATA%\PR Desk) is the office's work.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\all-users"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
